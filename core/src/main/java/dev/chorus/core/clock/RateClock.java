package dev.chorus.core.clock;

import java.time.Duration;
import java.util.Objects;

/**
 * A {@link MonotonicClock} that runs at an adjustable rate of another: at rate 2 it counts two
 * seconds for each of the source's, at 0.5 half of one. A rate change takes effect from the moment
 * it is made, so readings stay continuous and monotonic. The node's clock-rate fault (the
 * testkit's nemesis, through the control channel) sets it; 1 is a true clock. A test may also
 * {@linkplain #advance move it forward} at once, as a pause of the process would. Thread-safe.
 */
public final class RateClock implements MonotonicClock {
  private record Segment(long sourceAt, long readingAt, double rate) {}

  private final MonotonicClock source;
  private volatile Segment segment;

  /** A clock at rate 1 over {@code source}. */
  public RateClock(MonotonicClock source) {
    this.source = Objects.requireNonNull(source, "source");
    long now = source.nanoTime();
    this.segment = new Segment(now, now, 1);
  }

  @Override
  public long nanoTime() {
    Segment s = segment;
    return s.readingAt() + (long) ((source.nanoTime() - s.sourceAt()) * s.rate());
  }

  /**
   * Runs at {@code rate} from now on.
   *
   * @throws IllegalArgumentException unless 0 < rate <= 100
   */
  public synchronized void setRate(double rate) {
    if (!(rate > 0 && rate <= 100)) {
      throw new IllegalArgumentException("a clock rate is in (0, 100], got " + rate);
    }
    long now = source.nanoTime();
    long reading = nanoTime();
    segment = new Segment(now, reading, rate);
  }

  /**
   * Jumps {@code elapsed} ahead at once, as a pause of the whole process (a long GC pause,
   * SIGSTOP) looks to whoever reads this clock: the ticks due for it all fall due together. Tests
   * use it to let time pass on a node without waiting for it; the rate is unchanged.
   *
   * @throws IllegalArgumentException if {@code elapsed} is negative: a monotonic clock never goes
   *     back
   */
  public synchronized void advance(Duration elapsed) {
    if (elapsed.isNegative()) {
      throw new IllegalArgumentException("a monotonic clock only moves forward, got " + elapsed);
    }
    long now = source.nanoTime();
    long reading = nanoTime();
    segment = new Segment(now, reading + elapsed.toNanos(), segment.rate());
  }

  /** The current rate. */
  public double rate() {
    return segment.rate();
  }
}
