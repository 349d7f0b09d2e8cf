package dev.chorus.testkit.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * The simulated clients of a run. Each client runs one operation at a time: it records an
 * {@code invoke}, sends the command to a random node, and records the outcome:
 * <ul>
 *   <li>{@link Reply.Ok} as {@code ok}, {@link Reply.Fail} as {@code fail}, {@link Reply.Unknown}
 *       as {@code info};
 *   <li>{@link Reply.NotLeader}, or a node that is down when the request arrives (connection
 *       refused): the command certainly did not apply, so the client tries the hinted node or
 *       another one after a think time;
 *   <li>no answer within {@code opTimeout}: {@code info} if a request is still in flight,
 *       {@code fail} if every attempt was refused.
 * </ul>
 * After an {@code info} the client continues under a new process id ({@code process + count}),
 * Jepsen's rule, because its old operation may still take effect. Between operations a client
 * waits a think time in [0, {@code maxThinkTime}].
 *
 * @param count how many clients run concurrently (0 for none)
 * @param workload the commands they issue
 * @param opTimeout how long a client waits for an answer, simulated time
 * @param maxThinkTime the longest pause between operations, simulated time
 */
public record Clients(int count, ClientWorkload workload, Duration opTimeout, Duration maxThinkTime) {
  /** Validates. */
  public Clients {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, got " + count);
    }
    Objects.requireNonNull(workload, "workload");
    if (opTimeout.isNegative() || opTimeout.isZero()) {
      throw new IllegalArgumentException("opTimeout must be positive, got " + opTimeout);
    }
    if (maxThinkTime.isNegative()) {
      throw new IllegalArgumentException("maxThinkTime must not be negative, got " + maxThinkTime);
    }
  }

  /** No clients. */
  public static Clients none() {
    return new Clients(0, (random, client) -> new Command("none", null, null),
        Duration.ofSeconds(1), Duration.ZERO);
  }

  /** {@code count} clients, a 500 ms operation timeout and up to 10 ms of think time. */
  public static Clients of(int count, ClientWorkload workload) {
    return new Clients(count, workload, Duration.ofMillis(500), Duration.ofMillis(10));
  }
}
