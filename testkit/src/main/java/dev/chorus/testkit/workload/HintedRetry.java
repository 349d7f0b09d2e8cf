package dev.chorus.testkit.workload;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A request sent to the members of a group until one of them carries it out, the way a client
 * follows {@code NotLeader} hints: after a failure, to the member the failure names, else to the
 * next member in turn. Bounded in time; for tests that need a request to get through, not for
 * measuring anything.
 */
public final class HintedRetry {
  /** One try at member {@code member} (0-based). */
  @FunctionalInterface
  public interface Attempt {
    CompletionStage<?> at(int member);
  }

  /**
   * How it went.
   *
   * @param done whether a member carried the request out
   * @param member the member that did, or the last one tried
   * @param failures each distinct failure, with how often it came
   */
  public record Outcome(boolean done, int member, Map<String, Integer> failures) {}

  private static final Duration PAUSE = Duration.ofMillis(50);

  private HintedRetry() {}

  /**
   * Sends {@code attempt} to member {@code first}, then wherever {@code hint} points after each
   * failure (or the next member when it points nowhere), until one succeeds or {@code bound} has
   * passed; each try waits at most {@code bound} for its answer, and tries are 50 ms apart.
   *
   * @param members how many members there are
   * @param hint the member a failure names as the one to try (a leader hint), if any
   */
  public static Outcome untilDone(int members, int first, Attempt attempt, Function<Throwable, OptionalInt> hint,
      Duration bound) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    Map<String, Integer> failures = new TreeMap<>();
    int at = first;
    while (true) {
      try {
        attempt.at(at).toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
        return new Outcome(true, at, failures);
      } catch (ExecutionException e) {
        failures.merge(String.valueOf(e.getCause()), 1, Integer::sum);
        OptionalInt named = hint.apply(e.getCause());
        at = named.isPresent() && named.getAsInt() >= 0 && named.getAsInt() < members ? named.getAsInt()
            : (at + 1) % members;
      } catch (TimeoutException e) {
        failures.merge("no answer within " + bound, 1, Integer::sum);
      }
      if (System.nanoTime() > deadline) {
        return new Outcome(false, at, failures);
      }
      TimeUnit.NANOSECONDS.sleep(PAUSE.toNanos()); // paces the tries while no leader is known
    }
  }
}
