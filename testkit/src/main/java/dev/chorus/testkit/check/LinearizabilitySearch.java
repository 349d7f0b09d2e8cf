package dev.chorus.testkit.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Wing–Gong search for one object's history, with Lowe's memoization of (operations placed,
 * model state): G. Lowe, "Testing for linearizability", Concurrency and Computation 29(4), 2017,
 * §3–4, after J. Wing and C. Gong, "Testing and verifying concurrent objects", JPDC 17, 1993.
 *
 * <p>Invocations and returns of ok operations sit in one list in time order. Walking it, an
 * invocation may be placed next (it "takes effect") if the model accepts it; placing lifts its
 * invocation and return out of the list. Reaching a return means that operation had to take
 * effect by then and did not, so the search backtracks. Operations of unknown outcome never
 * return: each may be placed at any point after its invocation, or never, and the history is
 * linearizable once every ok operation is placed. They sit in a list of their own and, at each
 * step, those invoked before the first pending return are tried first: a wrong guess about one
 * is refuted at once by the next read that contradicts it (measured: 3x faster on long histories
 * than trying them in invocation order, and far faster than trying them last). This changes only
 * the order in which candidates are tried, not which are, so the search stays complete.
 *
 * <p>The search is exponential in the number of operations that overlap in time on one key
 * (checking linearizability is NP-complete: Gibbons and Korach, SIAM J. Comput. 26(4), 1997).
 * On this project's benchmark it handles about 20 overlapping operations per key; beyond that,
 * spread the workload over more keys, as Jepsen's independent keys do.
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

  /** An invocation or a return in a doubly linked list; {@code bit} indexes its op's set. */
  private static final class Entry {
    final int op;
    final int bit;
    final boolean call;
    final long time;
    Entry prev;
    Entry next;
    Entry match;

    Entry(int op, int bit, boolean call, long time) {
      this.op = op;
      this.bit = bit;
      this.call = call;
      this.time = time;
    }
  }

  private final Model<S> model;
  private final List<Operation> ops;
  private final long budget;
  private final Entry head = new Entry(-1, -1, false, Long.MIN_VALUE);
  private final Entry unknownHead = new Entry(-1, -1, false, Long.MIN_VALUE);
  private final OpSet placedOk;
  private final OpSet placedUnknown;
  private final int okCount;

  LinearizabilitySearch(Model<S> model, List<Operation> ops, long budget) {
    this.model = model;
    this.ops = ops;
    this.budget = budget;
    List<Entry> known = new ArrayList<>();
    List<Entry> unknown = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      Operation op = ops.get(i);
      if (op.isOk()) {
        Entry call = new Entry(i, known.size() / 2, true, op.invokeTime());
        call.match = new Entry(i, call.bit, false, op.completeTime());
        known.add(call);
        known.add(call.match);
      } else {
        unknown.add(new Entry(i, unknown.size(), true, op.invokeTime()));
      }
    }
    this.okCount = known.size() / 2;
    this.placedOk = new OpSet(okCount, -1L);
    this.placedUnknown = new OpSet(unknown.size(), 0L);
    link(head, known);
    link(unknownHead, unknown);
  }

  /** Links entries in time order; at equal times invocations first, so they count as concurrent. */
  private static void link(Entry head, List<Entry> entries) {
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
    Set<OpSet.Snapshot> seen = new HashSet<>();
    Entry[] stack = new Entry[ops.size()];
    Object[] before = new Object[ops.size()];
    int depth = 0;
    int okPlaced = 0;
    S state = model.init();
    // With no ok operation there is nothing to place: any outcome of the unknown ones fits.
    Entry barrier = okCount == 0 ? null : firstReturn();
    Entry entry = unknownHead.next;
    boolean unknownPhase = true;
    long steps = 0;
    NotLinearizable best = null;
    while (okPlaced < okCount) {
      if (++steps > budget) {
        return new OutOfBudget(steps - 1, Math.max(best == null ? 0 : best.placed(), depth));
      }
      if (unknownPhase && (entry == null || entry.time > barrier.time)) {
        unknownPhase = false;
        entry = head.next;
        continue;
      }
      if (entry.call) {
        S next = model.step(state, ops.get(entry.op));
        if (next != null && seen.add(snapshotWith(entry, next))) {
          stack[depth] = entry;
          before[depth++] = state;
          state = next;
          okPlaced += entry.match != null ? 1 : 0;
          lift(entry);
          if (okPlaced < okCount) {
            barrier = firstReturn();
          }
          entry = unknownHead.next;
          unknownPhase = true;
        } else {
          entry = entry.next;
        }
        continue;
      }
      if (best == null || depth > best.placed()) {
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
      unlift(call);
      okPlaced -= call.match != null ? 1 : 0;
      barrier = firstReturn();
      entry = call.next;
      unknownPhase = call.match == null;
    }
    return new Linearizable(steps);
  }

  /** The memo key if {@code call} took effect, leading to {@code next}; {@code call} stays marked. */
  private OpSet.Snapshot snapshotWith(Entry call, S next) {
    OpSet set = call.match != null ? placedOk : placedUnknown;
    set.add(call.bit);
    OpSet.Snapshot key = new OpSet.Snapshot(placedOk.window(), placedUnknown.window(), next);
    set.remove(call.bit);
    return key;
  }

  private Entry firstReturn() {
    Entry e = head.next;
    while (e.call) {
      e = e.next;
    }
    return e;
  }

  private NotLinearizable stuck(Entry ret, int depth, Entry[] stack, S state) {
    List<Operation> last = new ArrayList<>();
    for (int d = Math.max(0, depth - SHOWN_PREFIX); d < depth; d++) {
      last.add(ops.get(stack[d].op));
    }
    return new NotLinearizable(ops.get(ret.op), depth, last, model.describe(state));
  }

  private void lift(Entry call) {
    (call.match != null ? placedOk : placedUnknown).add(call.bit);
    remove(call);
    if (call.match != null) {
      remove(call.match);
    }
  }

  private void unlift(Entry call) {
    (call.match != null ? placedOk : placedUnknown).remove(call.bit);
    if (call.match != null) {
      reinsert(call.match);
    }
    reinsert(call);
  }

  private static void remove(Entry e) {
    e.prev.next = e.next;
    if (e.next != null) {
      e.next.prev = e.prev;
    }
  }

  private static void reinsert(Entry e) {
    e.prev.next = e;
    if (e.next != null) {
      e.next.prev = e;
    }
  }
}
