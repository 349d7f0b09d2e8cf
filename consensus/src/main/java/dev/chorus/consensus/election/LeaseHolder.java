package dev.chorus.consensus.election;

import dev.chorus.core.Epoch;
import java.util.Optional;

/**
 * A holder's own view of its lease, on its own clock: it may act under the lease only until the
 * time-to-live, less a drift margin, has passed since it sent the request that was granted. A
 * holder that was paused (a long GC, SIGSTOP) learns on waking that it lost the lease, before it
 * does anything, and a write it had already started is stopped by the resource's fencing check.
 *
 * <p>Pure: the caller passes the clock readings.
 */
public final class LeaseHolder {
  private final long ttlMillis;
  private final long driftMarginMillis;
  private Epoch token;
  private long validUntil;

  /** A holder of leases of {@code ttlMillis}, distrusting its clock by {@code driftMarginMillis}. */
  public LeaseHolder(long ttlMillis, long driftMarginMillis) {
    if (driftMarginMillis < 0 || driftMarginMillis >= ttlMillis) {
      throw new IllegalArgumentException("need 0 <= drift margin < ttl, got " + driftMarginMillis + " and " + ttlMillis);
    }
    this.ttlMillis = ttlMillis;
    this.driftMarginMillis = driftMarginMillis;
  }

  /** The request sent at {@code askedAtMillis} (this holder's clock) was granted. */
  public void granted(LeaseOutcome.Granted grant, long askedAtMillis) {
    token = grant.token();
    validUntil = askedAtMillis + ttlMillis - driftMarginMillis;
  }

  /** The fencing token to send with a write at {@code nowMillis}, or empty if the lease is lost. */
  public Optional<Epoch> token(long nowMillis) {
    return token != null && nowMillis < validUntil ? Optional.of(token) : Optional.empty();
  }
}
