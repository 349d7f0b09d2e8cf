package dev.chorus.consensus.election;

import dev.chorus.core.Epoch;

/** What applying a {@link LeaseCommand} came to. */
public sealed interface LeaseOutcome {
  /**
   * {@code holder} holds the lease until {@code expiresAtMillis} on the lease group's clock (a
   * {@code LeaderClock}: milliseconds the group has been led, not a wall time), with fencing
   * token {@code token}: the log index at which this holder took it, so tokens only increase,
   * per name and overall. A renewal keeps the token.
   */
  record Granted(String name, String holder, Epoch token, long expiresAtMillis) implements LeaseOutcome {}

  /** Someone else holds it, until {@code expiresAtMillis} unless renewed. */
  record HeldByOther(String name, String holder, long expiresAtMillis) implements LeaseOutcome {}

  /** Released, or there was nothing of this holder's to release. */
  record Released(String name) implements LeaseOutcome {}
}
