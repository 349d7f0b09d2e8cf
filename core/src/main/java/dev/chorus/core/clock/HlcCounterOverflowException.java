package dev.chorus.core.clock;

/**
 * The HLC's logical counter would pass {@link Integer#MAX_VALUE} within one physical millisecond.
 *
 * <p>The counter resets whenever the physical clock moves past the HLC's physical part, so this
 * means the physical clock has stalled or stepped far backwards while billions of events were
 * stamped, or a peer sent a timestamp with an exhausted counter. Rather than wrap (which would
 * break monotonicity) or invent physical time (which would break the bound between HLC and
 * physical time), the clock refuses the event and stays unchanged.
 */
public final class HlcCounterOverflowException extends RuntimeException {
  private final HlcTimestamp exhaustedAt;

  /**
   * @param exhaustedAt the timestamp whose logical counter cannot be incremented
   */
  public HlcCounterOverflowException(HlcTimestamp exhaustedAt) {
    super("HLC logical counter exhausted at " + exhaustedAt + ": " + Integer.MAX_VALUE
        + " events share physical time " + exhaustedAt.physicalMillis()
        + " ms; the clock is unchanged; check the physical clocks");
    this.exhaustedAt = exhaustedAt;
  }

  /** The timestamp whose logical counter cannot be incremented. */
  public HlcTimestamp exhaustedAt() {
    return exhaustedAt;
  }
}
