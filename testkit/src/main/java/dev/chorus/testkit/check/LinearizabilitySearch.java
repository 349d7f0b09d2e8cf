package dev.chorus.testkit.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Wing–Gong search for one object's history, with Lowe's memoization of (operations placed,
 * model state): G. Lowe, "Testing for linearizability", Concurrency and Computation 29(4), 2017,
 * §3–4, after J. Wing and C. Gong, "Testing and verifying concurrent objects", JPDC 17, 1993.
 *
 * <p>Invocations and returns sit in one list in time order. Walking it, an invocation may be
 * placed next (it "takes effect") if the model accepts it; placing lifts its invocation and
 * return out of the list. Reaching a return means that operation had to take effect by then and
 * did not, so the search backtracks. An operation whose outcome is unknown returns at
 * {@link Operation#NEVER}: it may be placed at any point after its invocation, or never, so the
 * history is linearizable once every ok operation is placed.
 */
final class LinearizabilitySearch<S> {
  private static final int SHOWN_PREFIX = 4;

  /** What the search found. */
  sealed interface Result {}

  /** Every ok operation was placed. */
  record Linearizable(long steps) implements Result {}

  /**
   * No order works. {@code stuck} is the operation whose return was reached unplaced at the
   * deepest point of the search, after {@code placed} operations ending in {@code lastPlaced},
   * in state {@code state}.
   */
  record NotLinearizable(Operation stuck, int placed, List<Operation> lastPlaced, String state)
      implements Result {}

  /** The budget of steps ran out after placing at most {@code placed} operations. */
  record OutOfBudget(long steps, int placed) implements Result {}

  private static final class Entry {
    final int op;
    final boolean call;
    final long time;
    Entry prev;
    Entry next;
    Entry match;

    Entry(int op, boolean call, long time) {
      this.op = op;
      this.call = call;
      this.time = time;
    }
  }

  private final Model<S> model;
  private final List<Operation> ops;
  private final long budget;
  private final Entry head = new Entry(-1, false, Long.MIN_VALUE);

  LinearizabilitySearch(Model<S> model, List<Operation> ops, long budget) {
    this.model = model;
    this.ops = ops;
    this.budget = budget;
    link();
  }

  /** Links the invocations and returns in time order; at equal times invocations first. */
  private void link() {
    List<Entry> entries = new ArrayList<>(ops.size() * 2);
    for (int i = 0; i < ops.size(); i++) {
      Entry call = new Entry(i, true, ops.get(i).invokeTime());
      Entry ret = new Entry(i, false, ops.get(i).completeTime());
      call.match = ret;
      entries.add(call);
      entries.add(ret);
    }
    entries.sort(Comparator.<Entry>comparingLong(e -> e.time)
        .thenComparing(e -> !e.call)
        .thenComparingInt(e -> e.op));
    Entry prev = head;
    for (Entry e : entries) {
      prev.next = e;
      e.prev = prev;
      prev = e;
    }
  }

  Result run() {
    int okLeft = (int) ops.stream().filter(Operation::isOk).count();
    OpSet placed = new OpSet(ops.size());
    Set<OpSet.Snapshot> seen = new HashSet<>();
    Entry[] stack = new Entry[ops.size()];
    Object[] before = new Object[ops.size()];
    int depth = 0;
    S state = model.init();
    Entry entry = head.next;
    long steps = 0;
    int bestDepth = -1;
    NotLinearizable best = null;
    while (okLeft > 0) {
      if (++steps > budget) {
        return new OutOfBudget(steps - 1, Math.max(bestDepth, depth));
      }
      if (entry.call) {
        Operation op = ops.get(entry.op);
        S next = model.step(state, op);
        if (next != null) {
          placed.add(entry.op);
          if (seen.add(placed.snapshot(next))) {
            stack[depth] = entry;
            before[depth++] = state;
            state = next;
            lift(entry);
            okLeft -= op.isOk() ? 1 : 0;
            entry = head.next;
            continue;
          }
          placed.remove(entry.op);
        }
        entry = entry.next;
      } else {
        if (depth > bestDepth) {
          bestDepth = depth;
          best = stuck(entry, depth, stack, state);
        }
        if (depth == 0) {
          return best;
        }
        Entry call = stack[--depth];
        @SuppressWarnings("unchecked")
        S previous = (S) before[depth];
        state = previous;
        before[depth] = null;
        placed.remove(call.op);
        unlift(call);
        okLeft += ops.get(call.op).isOk() ? 1 : 0;
        entry = call.next;
      }
    }
    return new Linearizable(steps);
  }

  private NotLinearizable stuck(Entry ret, int depth, Entry[] stack, S state) {
    List<Operation> last = new ArrayList<>();
    for (Entry e : Arrays.copyOfRange(stack, Math.max(0, depth - SHOWN_PREFIX), depth)) {
      last.add(ops.get(e.op));
    }
    return new NotLinearizable(ops.get(ret.op), depth, last, model.describe(state));
  }

  private static void lift(Entry call) {
    call.prev.next = call.next;
    if (call.next != null) {
      call.next.prev = call.prev;
    }
    Entry ret = call.match;
    ret.prev.next = ret.next;
    if (ret.next != null) {
      ret.next.prev = ret.prev;
    }
  }

  private static void unlift(Entry call) {
    Entry ret = call.match;
    ret.prev.next = ret;
    if (ret.next != null) {
      ret.next.prev = ret;
    }
    call.prev.next = call;
    call.next.prev = call;
  }
}
