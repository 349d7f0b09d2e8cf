package dev.chorus.testkit.junit;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Waits, within a bound, for something that no event announces: a server that starts to accept
 * requests, a member that a status shows leading. Where an event does announce it (a future, a
 * probe's message), await that instead. The bound only guards against a hang: a test never
 * asserts how long the wait took. The failure names what was awaited, so a hung test says why.
 */
public final class Await {
  // Short enough that a test does not idle long after the condition holds, long enough that the
  // looks (an ask, an HTTP request) do not load the machine.
  private static final Duration PAUSE = Duration.ofMillis(20);

  /** One look at a condition that gives a value once it holds. */
  @FunctionalInterface
  public interface Attempt<T> {
    /** The value once the condition holds, empty before; an exception ends the wait at once. */
    Optional<T> get() throws Exception;
  }

  /** One look at a condition. */
  @FunctionalInterface
  public interface Condition {
    /** Whether it holds; an exception ends the wait at once. */
    boolean holds() throws Exception;
  }

  private Await() {}

  /**
   * Waits until {@code condition} holds.
   *
   * @param what what is awaited, for the failure message: {@code "a leader of kv"}
   * @throws AssertionError if it does not hold within {@code bound}
   * @throws Exception whatever a look at the condition threw
   */
  public static void until(String what, Duration bound, Condition condition) throws Exception {
    until(what, bound, condition, () -> "");
  }

  /**
   * As {@link #until(String, Duration, Condition)}; a failure also tells what {@code lastSeen}
   * says then.
   */
  public static void until(String what, Duration bound, Condition condition, Callable<String> lastSeen)
      throws Exception {
    value(what, bound, () -> condition.holds() ? Optional.of(Boolean.TRUE) : Optional.empty(), lastSeen);
  }

  /**
   * The value {@code attempt} gives once it gives one.
   *
   * @throws AssertionError if it gives none within {@code bound}
   * @throws Exception whatever an attempt threw
   */
  public static <T> T value(String what, Duration bound, Attempt<T> attempt) throws Exception {
    return value(what, bound, attempt, () -> "");
  }

  /**
   * As {@link #value(String, Duration, Attempt)}; a failure also tells what {@code lastSeen} says
   * then (the last answer, the state of each member).
   */
  public static <T> T value(String what, Duration bound, Attempt<T> attempt, Callable<String> lastSeen)
      throws Exception {
    long deadline = System.nanoTime() + bound.toNanos();
    while (true) {
      Optional<T> value = attempt.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() - deadline >= 0) {
        String seen = lastSeen.call();
        throw new AssertionError("waited " + bound + " for " + what + " in vain"
            + (seen.isEmpty() ? "" : "; last seen: " + seen));
      }
      Thread.sleep(PAUSE.toMillis());
    }
  }
}
