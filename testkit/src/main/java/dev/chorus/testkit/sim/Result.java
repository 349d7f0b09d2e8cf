package dev.chorus.testkit.sim;

import dev.chorus.testkit.check.Checker;
import dev.chorus.testkit.check.Verdict;
import dev.chorus.testkit.history.Op;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of one run.
 *
 * @param seed the run's seed
 * @param history the clients' history in Jepsen's vocabulary, {@code time} in simulated
 *     nanoseconds; an operation still open at the end has an invoke and no completion
 * @param traceHash a 64-bit FNV-1a hash of every step's canonical text: equal for two runs of the
 *     same simulation and seed, and (all but certainly) different when any step differs
 * @param steps how many steps (events) the run took: the unit of simulator throughput
 * @param simulatedNanos simulated time at the end of the run
 * @param stats how the faults played out
 * @param failure why the run failed, or empty if it passed its invariants and converged
 */
public record Result(
    long seed,
    List<Op> history,
    long traceHash,
    long steps,
    long simulatedNanos,
    Stats stats,
    Optional<SimulationFailure> failure) {
  /** Copies the history. */
  public Result {
    history = List.copyOf(history);
  }

  /** The line that tells a reader how to rerun a seed. */
  public static String reproduce(long seed) {
    return "reproduce with seed=" + seed;
  }

  /** Whether the run passed its invariants and converged. */
  public boolean passed() {
    return failure.isEmpty();
  }

  /**
   * Returns normally if the run passed.
   *
   * @throws SimulationFailure the run's failure, whose message names the seed
   */
  public Result assertPassed() {
    if (failure.isPresent()) {
      throw failure.get();
    }
    return this;
  }

  /** Checks the history with {@code checker}. */
  public Verdict check(Checker checker) {
    return checker.check(history);
  }

  /**
   * Checks the history and returns the verdict if it is valid.
   *
   * @throws AssertionError naming the seed, with the checker's report, if the verdict is invalid or
   *     unknown
   */
  public Verdict assertHistory(Checker checker) {
    Verdict verdict = check(checker);
    if (!verdict.isValid()) {
      throw new AssertionError(reproduce(seed) + ": the history is "
          + verdict.validity().name().toLowerCase() + "\n" + verdict.render());
    }
    return verdict;
  }
}
