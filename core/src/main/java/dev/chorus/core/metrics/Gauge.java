package dev.chorus.core.metrics;

/** A value that goes up and down; set by its owner, read by a scrape. Thread-safe. */
public final class Gauge implements MetricsRegistry.Metric {
  private volatile double value;

  /** Sets the value. */
  public void set(double value) {
    this.value = value;
  }

  /** The value now. */
  public double value() {
    return value;
  }

  @Override
  public void render(StringBuilder out, String name, String labels) {
    out.append(name).append(labels).append(' ').append(MetricsRegistry.number(value)).append('\n');
  }
}
