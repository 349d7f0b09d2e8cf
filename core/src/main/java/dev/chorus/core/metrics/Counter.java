package dev.chorus.core.metrics;

import java.util.concurrent.atomic.LongAdder;

/** A total that only grows. Thread-safe. */
public final class Counter implements MetricsRegistry.Metric {
  private final LongAdder total = new LongAdder();

  /** Adds one. */
  public void inc() {
    total.increment();
  }

  /**
   * Adds {@code n}.
   *
   * @throws IllegalArgumentException if {@code n} is negative: a counter never goes down
   */
  public void inc(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("a counter only grows, got " + n);
    }
    total.add(n);
  }

  /** The total so far. */
  public long value() {
    return total.sum();
  }

  @Override
  public void render(StringBuilder out, String name, String labels) {
    out.append(name).append(labels).append(' ').append(value()).append('\n');
  }
}
