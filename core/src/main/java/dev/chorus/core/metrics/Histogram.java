package dev.chorus.core.metrics;

import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Observations counted in cumulative buckets, as Prometheus histograms are: {@code _bucket{le=..}},
 * {@code _sum} and {@code _count}. Thread-safe; an observation costs a few atomic adds.
 */
public final class Histogram implements MetricsRegistry.Metric {
  /** Upper bounds for latencies in seconds, from 100 µs to 10 s. */
  public static final List<Double> LATENCY_SECONDS =
      List.of(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

  private final double[] bounds;
  private final AtomicLongArray counts;
  private final LongAdder count = new LongAdder();
  private final DoubleAdder sum = new DoubleAdder();

  Histogram(List<Double> bounds) {
    this.bounds = bounds.stream().mapToDouble(Double::doubleValue).toArray();
    this.counts = new AtomicLongArray(this.bounds.length);
  }

  /** Counts one observation of {@code value} (seconds, for a latency). */
  public void observe(double value) {
    for (int i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]) {
        counts.incrementAndGet(i);
        break;
      }
    }
    count.increment();
    sum.add(value);
  }

  /** Counts one latency of {@code nanos} nanoseconds, in seconds. */
  public void observeNanos(long nanos) {
    observe(nanos / 1e9);
  }

  /** How many observations so far. */
  public long count() {
    return count.sum();
  }

  @Override
  public void render(StringBuilder out, String name, String labels) {
    String inner = labels.isEmpty() ? "" : labels.substring(1, labels.length() - 1) + ",";
    long cumulative = 0;
    long total = count.sum();
    for (int i = 0; i < bounds.length; i++) {
      cumulative += counts.get(i);
      out.append(name).append("_bucket{").append(inner).append("le=\"").append(MetricsRegistry.number(bounds[i]))
          .append("\"} ").append(Math.min(cumulative, total)).append('\n');
    }
    out.append(name).append("_bucket{").append(inner).append("le=\"+Inf\"} ").append(total).append('\n');
    out.append(name).append("_sum").append(labels).append(' ').append(MetricsRegistry.number(sum.sum())).append('\n');
    out.append(name).append("_count").append(labels).append(' ').append(total).append('\n');
  }
}
