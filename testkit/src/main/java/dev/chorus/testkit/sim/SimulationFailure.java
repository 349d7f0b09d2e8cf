package dev.chorus.testkit.sim;

import java.util.List;

/**
 * Why a run failed: an invariant or a node threw, the run did not converge after the faults were
 * healed, or it ran out of steps. The message starts with {@code reproduce with seed=N}; running
 * the same simulation with that seed takes exactly the same steps to the same failure.
 */
public final class SimulationFailure extends AssertionError {
  private static final long serialVersionUID = 1L;

  private final long seed;
  private final long step;
  private final long timeNanos;
  private final List<String> lastSteps;

  SimulationFailure(long seed, long step, long timeNanos, String what, List<String> lastSteps, Throwable cause) {
    super(message(seed, step, timeNanos, what, lastSteps), cause);
    this.seed = seed;
    this.step = step;
    this.timeNanos = timeNanos;
    this.lastSteps = List.copyOf(lastSteps);
  }

  private static String message(long seed, long step, long timeNanos, String what, List<String> lastSteps) {
    StringBuilder sb = new StringBuilder(Result.reproduce(seed)).append(": ").append(what)
        .append("\n  (step ").append(step).append(", simulated time ")
        .append(timeNanos / 1_000_000.0).append(" ms) after these steps:");
    lastSteps.forEach(line -> sb.append("\n    ").append(line));
    return sb.toString();
  }

  /** The seed that reproduces this failure. */
  public long seed() {
    return seed;
  }

  /** The step at which the run failed. */
  public long step() {
    return step;
  }

  /** Simulated time of the failure, in nanoseconds. */
  public long timeNanos() {
    return timeNanos;
  }

  /** The trace lines of the last steps before the failure, oldest first. */
  public List<String> lastSteps() {
    return lastSteps;
  }
}
