package dev.chorus.core.clock;

import java.time.Duration;

/**
 * A remote timestamp's physical part is further ahead of the local physical clock than the
 * configured maximum offset allows.
 *
 * <p>Thrown by {@link HybridLogicalClock#receive} instead of adopting the remote time, because a
 * peer with a runaway clock would otherwise drag every node's HLC into the future (Kulkarni et al.
 * 2014, section 3: HLC assumes clocks are synchronized within a bound epsilon). The local clock is
 * unchanged when this is thrown; the caller decides whether to drop the message or alert.
 */
public final class ClockOffsetExceededException extends RuntimeException {
  private final HlcTimestamp remote;
  private final long localPhysicalMillis;
  private final Duration maxOffset;

  /**
   * @param remote the timestamp that was rejected
   * @param localPhysicalMillis the local physical clock's reading when it was rejected
   * @param maxOffset the configured maximum offset
   */
  public ClockOffsetExceededException(
      HlcTimestamp remote, long localPhysicalMillis, Duration maxOffset) {
    super("Remote HLC timestamp " + remote + " is "
        + (remote.physicalMillis() - localPhysicalMillis)
        + " ms ahead of the local physical clock " + localPhysicalMillis
        + " ms, more than the max offset of " + maxOffset.toMillis() + " ms");
    this.remote = remote;
    this.localPhysicalMillis = localPhysicalMillis;
    this.maxOffset = maxOffset;
  }

  /** The rejected remote timestamp. */
  public HlcTimestamp remote() {
    return remote;
  }

  /** The local physical clock's reading, in milliseconds, when the remote time was rejected. */
  public long localPhysicalMillis() {
    return localPhysicalMillis;
  }

  /** The configured maximum offset. */
  public Duration maxOffset() {
    return maxOffset;
  }
}
