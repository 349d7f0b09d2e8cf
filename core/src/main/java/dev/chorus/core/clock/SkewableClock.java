package dev.chorus.core.clock;

import java.time.Duration;
import java.util.Objects;

/**
 * A {@link PhysicalClock} that reads another source and adds an adjustable offset.
 *
 * <p>A node owns one of these so the testkit can skew the node's clock through its control
 * channel. The offset may be negative (the clock runs behind) and may be changed at any time;
 * readers see the new offset on their next read. Thread-safe and non-blocking.
 */
public final class SkewableClock implements PhysicalClock {
  private final PhysicalClock source;
  private volatile Duration offset = Duration.ZERO;

  /**
   * @param source the clock to read, usually {@link PhysicalClock#system()}
   * @throws NullPointerException if {@code source} is null
   */
  public SkewableClock(PhysicalClock source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  /** The source's time plus the current offset, truncated to milliseconds. */
  @Override
  public long currentTimeMillis() {
    return source.currentTimeMillis() + offset.toMillis();
  }

  /**
   * Sets the offset added to every later reading.
   *
   * @param offset how far ahead (positive) or behind (negative) this clock runs
   * @throws NullPointerException if {@code offset} is null
   */
  public void setOffset(Duration offset) {
    this.offset = Objects.requireNonNull(offset, "offset");
  }

  /** The offset currently added to the source's time; {@link Duration#ZERO} until set. */
  public Duration offset() {
    return offset;
  }
}
