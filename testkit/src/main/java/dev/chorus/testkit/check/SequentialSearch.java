package dev.chorus.testkit.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Searches for a sequential order of a whole history that keeps each process's own order and
 * that the model accepts (Lamport, "How to make a multiprocessor computer that correctly executes
 * multiprocess programs", IEEE TC 28(9), 1979). Unlike linearizability, real time is ignored.
 * Depth-first over how far each process has got, memoized on (positions, model state). An
 * operation whose outcome is unknown may take effect or be skipped.
 */
final class SequentialSearch<S> {
  private static final int SHOWN_PREFIX = 4;

  /** What the search found. */
  sealed interface Result {}

  /** Every ok operation was placed. */
  record Sequential(long steps) implements Result {}

  /** No order works; at the deepest point {@code placed} were placed and none of {@code next} fits. */
  record NotSequential(int placed, List<Operation> lastPlaced, List<Operation> next, String state)
      implements Result {}

  /** The budget ran out. */
  record OutOfBudget(long steps, int placed) implements Result {}

  private record Memo(int[] positions, Object state, int hash) {
    Memo(int[] positions, Object state) {
      this(positions, state, Arrays.hashCode(positions) * 31 + state.hashCode());
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Memo m && m.hash == hash && Arrays.equals(m.positions, positions)
          && m.state.equals(state);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private final Model<S> model;
  private final List<List<Operation>> processes;
  private final long budget;
  private final int[] position;

  SequentialSearch(Model<S> model, List<List<Operation>> processes, long budget) {
    this.model = model;
    this.processes = processes;
    this.budget = budget;
    this.position = new int[processes.size()];
  }

  Result run() {
    int total = processes.stream().mapToInt(List::size).sum();
    int okLeft = (int) processes.stream().flatMap(List::stream).filter(Operation::isOk).count();
    int[] chosen = new int[total + 1];
    int[] nextChoice = new int[total + 1];
    Object[] before = new Object[total + 1];
    Set<Memo> seen = new HashSet<>();
    int depth = 0;
    S state = model.init();
    long steps = 0;
    NotSequential best = null;
    int choices = processes.size() * 2;
    while (okLeft > 0) {
      int k = nextChoice[depth];
      S next = null;
      for (; k < choices && next == null; k++) {
        if (++steps > budget) {
          return new OutOfBudget(steps - 1, best == null ? depth : Math.max(depth, best.placed()));
        }
        next = tryChoice(k, state, seen);
      }
      if (next != null) {
        int p = (k - 1) / 2;
        nextChoice[depth] = k;
        chosen[depth] = p;
        before[depth++] = state;
        okLeft -= processes.get(p).get(position[p]++).isOk() ? 1 : 0;
        nextChoice[depth] = 0;
        state = next;
        continue;
      }
      if (best == null || depth > best.placed()) {
        best = stuck(depth, chosen, state);
      }
      if (depth == 0) {
        return best;
      }
      int p = chosen[--depth];
      okLeft += processes.get(p).get(--position[p]).isOk() ? 1 : 0;
      @SuppressWarnings("unchecked")
      S previous = (S) before[depth];
      state = previous;
    }
    return new Sequential(steps);
  }

  /** Choice k: process k/2's next operation, taking effect (even k) or skipped if unknown (odd k). */
  private S tryChoice(int k, S state, Set<Memo> seen) {
    int p = k / 2;
    List<Operation> ops = processes.get(p);
    if (position[p] == ops.size()) {
      return null;
    }
    Operation op = ops.get(position[p]);
    S next = k % 2 == 0 ? model.step(state, op) : (op.isInfo() ? state : null);
    if (next == null) {
      return null;
    }
    position[p]++;
    boolean fresh = seen.add(new Memo(position.clone(), next));
    position[p]--;
    return fresh ? next : null;
  }

  private NotSequential stuck(int depth, int[] chosen, S state) {
    List<Operation> next = new ArrayList<>();
    for (int p = 0; p < processes.size(); p++) {
      if (position[p] < processes.get(p).size()) {
        next.add(processes.get(p).get(position[p]));
      }
    }
    List<Operation> last = new ArrayList<>();
    int[] seenOf = new int[processes.size()];
    for (int d = 0; d < depth; d++) {
      int p = chosen[d];
      Operation op = processes.get(p).get(seenOf[p]++);
      if (d >= depth - SHOWN_PREFIX) {
        last.add(op);
      }
    }
    return new NotSequential(depth, last, next, model.describe(state));
  }
}
