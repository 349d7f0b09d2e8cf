package dev.chorus.testkit.check;

import dev.chorus.testkit.history.Op;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Jepsen's counter checker, generalised to negative deltas: each read of a counter must lie
 * between what the adds certainly did and what they possibly did by then.
 *
 * <p>Vocabulary: {@code add} operations whose value is an integer delta, and {@code read}
 * operations whose ok value is the counter, an integer. For an ok read:
 *
 * <ul>
 *   <li>lower bound = the initial value + the positive deltas of adds that completed ok before
 *       the read was invoked + the negative deltas of every add (ok or info) invoked before the
 *       read completed;
 *   <li>upper bound = the initial value + the positive deltas of every add (ok or info) invoked
 *       before the read completed + the negative deltas of adds that completed ok before the read
 *       was invoked.
 * </ul>
 *
 * <p>A read outside its bounds is a violation. The counter is one, whatever the keys. Any
 * operation other than add and read gives an unknown verdict. Immutable and thread-safe.
 */
public final class CounterChecker implements Checker {
  private static final Set<String> UNDERSTOOD = Set.of("add", "read");

  private final long initial;

  private CounterChecker(long initial) {
    this.initial = initial;
  }

  /** A counter that starts at 0, as Jepsen's does. */
  public static CounterChecker fromZero() {
    return new CounterChecker(0);
  }

  /** A counter that starts at {@code initial}. */
  public static CounterChecker startingAt(long initial) {
    return new CounterChecker(initial);
  }

  /**
   * Checks every ok read. Invalid lists each read outside its bounds, with the bounds.
   *
   * @throws History.MalformedHistory if events do not pair up, or a delta or a read's value is
   *     not an integer
   */
  @Override
  public Verdict check(List<Op> history) {
    String name = "counter(from " + initial + ")";
    return Findings.checkOperations(name, history, UNDERSTOOD, ops -> checkAll(name, ops));
  }

  private Verdict checkAll(String name, List<Operation> ops) {
    List<Operation> adds = ops.stream().filter(op -> op.f().equals("add")).toList();
    Deltas certain = Deltas.of(adds.stream().filter(Operation::isOk).toList(), Operation::completeTime);
    Deltas possible = Deltas.of(adds, Operation::invokeTime);
    Findings findings = new Findings(name);
    int reads = 0;
    for (Operation read : ops) {
      if (read.f().equals("read") && read.isOk()) {
        check(read, certain.before(read.invokeTime()), possible.before(read.completeTime() + 1), findings);
        reads++;
      }
    }
    return findings.verdict(reads + " reads within their bounds");
  }

  private void check(Operation read, Sum certain, Sum possible, Findings findings) {
    long value = OperationValues.integer(read, read.output(), "a counter read's value");
    long lower = initial + certain.positive() + possible.negative();
    long upper = initial + possible.positive() + certain.negative();
    if (value < lower || value > upper) {
      findings.violation("counter: read #" + read.id() + " returned " + value + ", outside [" + lower
          + ", " + upper + "], the least and the most the adds could have made it by then", List.of(read));
    }
  }

  /** Sums of the positive and of the negative deltas of some adds. */
  private record Sum(long positive, long negative) {}

  /** Adds sorted by a time, with running sums of their deltas, to sum those before a time. */
  private record Deltas(long[] times, Sum[] sums) {
    static Deltas of(List<Operation> adds, ToLongFunction<Operation> time) {
      List<Operation> sorted = adds.stream().sorted(Comparator.comparingLong(time)).toList();
      long[] times = new long[sorted.size()];
      Sum[] sums = new Sum[sorted.size() + 1];
      sums[0] = new Sum(0, 0);
      for (int i = 0; i < sorted.size(); i++) {
        Operation add = sorted.get(i);
        long delta = OperationValues.integer(add, add.input(), "an add's delta");
        times[i] = time.applyAsLong(add);
        sums[i + 1] = new Sum(sums[i].positive() + Math.max(delta, 0), sums[i].negative() + Math.min(delta, 0));
      }
      return new Deltas(times, sums);
    }

    /** The sums of the adds whose time is strictly before {@code time}. */
    Sum before(long time) {
      int i = Arrays.binarySearch(times, time);
      if (i < 0) {
        return sums[-i - 1];
      }
      while (i > 0 && times[i - 1] == time) {
        i--;
      }
      return sums[i];
    }
  }
}
