package dev.chorus.core.clock;

import java.time.Duration;
import java.util.Objects;

/**
 * A hybrid logical clock (Kulkarni, Demirbas, Madeppa, Avva, Leone 2014, "Logical Physical
 * Clocks", Figure 5).
 *
 * <p>Timestamps it issues are strictly increasing, even when the physical clock goes backwards,
 * and stay within the maximum offset of physical time: the physical part is the largest physical
 * time this node has seen, locally or in a received timestamp, and the logical part breaks ties.
 * {@link #receive} also makes the new timestamp greater than the remote one, so HLC order respects
 * causality (if e happened before f then hlc(e) &lt; hlc(f)).
 *
 * <p>Thread-safe: every method is {@code synchronized} and never blocks beyond reading the
 * physical clock. When a method throws, the clock is unchanged.
 */
public final class HybridLogicalClock {
  private final PhysicalClock physicalClock;
  private final Duration maxOffset;
  private final long maxOffsetMillis;
  private HlcTimestamp last = HlcTimestamp.ZERO;

  /**
   * @param physicalClock the node's physical time source
   * @param maxOffset how far ahead of the local physical clock a remote timestamp may be before
   *     {@link #receive} rejects it (the paper's epsilon)
   * @throws IllegalArgumentException if {@code maxOffset} is negative
   * @throws NullPointerException if an argument is null
   */
  public HybridLogicalClock(PhysicalClock physicalClock, Duration maxOffset) {
    this.physicalClock = Objects.requireNonNull(physicalClock, "physicalClock");
    this.maxOffset = Objects.requireNonNull(maxOffset, "maxOffset");
    if (maxOffset.isNegative()) {
      throw new IllegalArgumentException("HLC max offset must be >= 0, got " + maxOffset);
    }
    this.maxOffsetMillis = maxOffset.compareTo(Duration.ofMillis(Long.MAX_VALUE)) >= 0
        ? Long.MAX_VALUE
        : maxOffset.toMillis();
  }

  /**
   * Stamps a local event (Figure 5, "send or local event"): the result is strictly greater than
   * every timestamp this clock issued before.
   *
   * @throws HlcCounterOverflowException if the logical counter is exhausted
   */
  public synchronized HlcTimestamp now() {
    long physicalMillis = physicalClock.currentTimeMillis();
    if (physicalMillis > last.physicalMillis()) {
      last = new HlcTimestamp(physicalMillis, 0);
    } else {
      last = new HlcTimestamp(last.physicalMillis(), incremented(last));
    }
    return last;
  }

  /**
   * Stamps a message about to be sent; identical to {@link #now()}, named for the protocol.
   *
   * @throws HlcCounterOverflowException if the logical counter is exhausted
   */
  public HlcTimestamp send() {
    return now();
  }

  /**
   * Stamps the receipt of a message carrying {@code remote} (Figure 5, "receive event of message
   * m"): the result is strictly greater than both the previous local timestamp and {@code remote}.
   *
   * @throws ClockOffsetExceededException if {@code remote}'s physical part is more than the max
   *     offset ahead of the local physical clock; the clock is unchanged
   * @throws HlcCounterOverflowException if the logical counter is exhausted
   * @throws NullPointerException if {@code remote} is null
   */
  public synchronized HlcTimestamp receive(HlcTimestamp remote) {
    Objects.requireNonNull(remote, "remote");
    long physicalMillis = physicalClock.currentTimeMillis();
    // remote >= 0 and maxOffsetMillis >= 0, so this subtraction cannot overflow.
    if (remote.physicalMillis() - maxOffsetMillis > physicalMillis) {
      throw new ClockOffsetExceededException(remote, physicalMillis, maxOffset);
    }
    // l and c are the paper's names for the physical and logical parts.
    long l = Math.max(Math.max(last.physicalMillis(), remote.physicalMillis()), physicalMillis);
    boolean fromLocal = l == last.physicalMillis();
    boolean fromRemote = l == remote.physicalMillis();
    int c;
    if (fromLocal && fromRemote) {
      c = incremented(last.logical() >= remote.logical() ? last : remote);
    } else if (fromLocal) {
      c = incremented(last);
    } else if (fromRemote) {
      c = incremented(remote);
    } else {
      c = 0;
    }
    last = new HlcTimestamp(l, c);
    return last;
  }

  /**
   * The latest timestamp this clock issued, without advancing it; {@link HlcTimestamp#ZERO} before
   * the first event.
   */
  public synchronized HlcTimestamp last() {
    return last;
  }

  /** The configured maximum offset. */
  public Duration maxOffset() {
    return maxOffset;
  }

  private static int incremented(HlcTimestamp timestamp) {
    if (timestamp.logical() == Integer.MAX_VALUE) {
      throw new HlcCounterOverflowException(timestamp);
    }
    return timestamp.logical() + 1;
  }
}
