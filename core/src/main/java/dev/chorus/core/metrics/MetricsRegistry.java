package dev.chorus.core.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;

/**
 * The metrics of one node, every protocol reporting through it, rendered in the Prometheus text
 * exposition format (version 0.0.4) for {@code GET /metrics}. One registry per actor system:
 * {@link ChorusMetrics#get}.
 *
 * <p>A family is a metric name with its help text, type and label names ({@link #gauge}, {@link
 * #counter}, {@link #histogram}); asking again for the same name returns the same family, and
 * asking with another type or other labels is an error. Names follow Prometheus's rules and
 * Chorus's convention {@code chorus_<module>_<what>[_<unit>]}. Thread-safe: protocols update
 * children from their actors while a scrape reads them.
 */
public final class MetricsRegistry {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final Map<String, Family<?>> families = new ConcurrentSkipListMap<>();

  /** A gauge family: a value that goes up and down (a term, an index, a lag). */
  public Family<Gauge> gauge(String name, String help, String... labelNames) {
    return family(name, help, "gauge", labelNames, Gauge::new);
  }

  /** A counter family: a total that only grows (writes lost at failover, requests). */
  public Family<Counter> counter(String name, String help, String... labelNames) {
    return family(name, help, "counter", labelNames, Counter::new);
  }

  /** A histogram family with {@link Histogram#LATENCY_SECONDS} buckets. */
  public Family<Histogram> histogram(String name, String help, String... labelNames) {
    return family(name, help, "histogram", labelNames, () -> new Histogram(Histogram.LATENCY_SECONDS));
  }

  @SuppressWarnings("unchecked")
  private <T extends Metric> Family<T> family(String name, String help, String type, String[] labelNames,
      java.util.function.Supplier<T> make) {
    // Hosts ask for their families on every publish: the names are checked once, at creation.
    Family<?> family = families.get(name);
    if (family == null) {
      requireValid(name, labelNames);
      family = families.computeIfAbsent(name, n -> new Family<>(n, help, type, List.of(labelNames), make));
    }
    if (!family.type.equals(type) || !family.labelNames.equals(List.of(labelNames))) {
      throw new IllegalArgumentException("metric " + name + " is already a " + family.type + " with labels "
          + family.labelNames + ", not a " + type + " with " + List.of(labelNames));
    }
    return (Family<T>) family;
  }

  private static void requireValid(String name, String[] labelNames) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a Prometheus metric name: '" + name + "'");
    }
    for (String label : labelNames) {
      if (!LABEL.matcher(label).matches() || label.startsWith("__")) {
        throw new IllegalArgumentException("not a Prometheus label name: '" + label + "' of " + name);
      }
    }
  }

  /** Forgets the children of the family {@code name} whose first label values are {@code prefix}. */
  public void removeMatching(String name, String... prefix) {
    Family<?> family = families.get(name);
    if (family != null) {
      family.removeMatching(prefix);
    }
  }

  /** Every family in the Prometheus text format, sorted by name, children by labels. */
  public String scrape() {
    StringBuilder out = new StringBuilder();
    for (Family<?> family : families.values()) {
      family.render(out);
    }
    return out.toString();
  }

  /** One metric, one set of label values. */
  public sealed interface Metric permits Gauge, Counter, Histogram {
    /** Appends its sample lines for {@code name}{@code labels}. */
    void render(StringBuilder out, String name, String labels);
  }

  /**
   * A metric name with its children, one per combination of label values.
   *
   * @param <T> the metric type
   */
  public static final class Family<T extends Metric> {
    private final String name;
    private final String help;
    private final String type;
    private final List<String> labelNames;
    private final java.util.function.Supplier<T> make;
    private final Map<List<String>, T> children = new ConcurrentSkipListMap<>(MetricsRegistry::compare);

    private Family(String name, String help, String type, List<String> labelNames,
        java.util.function.Supplier<T> make) {
      this.name = name;
      this.help = help;
      this.type = type;
      this.labelNames = labelNames;
      this.make = make;
    }

    /**
     * The child of these label values, created at first use.
     *
     * @throws IllegalArgumentException if there are not as many values as label names
     */
    public T labels(String... values) {
      return children.computeIfAbsent(key(values), k -> make.get());
    }

    /** Forgets the child of these label values (a stopped group, a removed follower). */
    public void remove(String... values) {
      children.remove(key(values));
    }

    /** Forgets every child whose first label values are {@code prefix}. */
    public void removeMatching(String... prefix) {
      children.keySet().removeIf(k -> k.subList(0, Math.min(prefix.length, k.size())).equals(List.of(prefix)));
    }

    private List<String> key(String[] values) {
      if (values.length != labelNames.size()) {
        throw new IllegalArgumentException(name + " takes the labels " + labelNames + ", got " + values.length
            + " values");
      }
      return List.of(values);
    }

    private void render(StringBuilder out) {
      if (children.isEmpty()) {
        return;
      }
      out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
      out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
      children.forEach((values, metric) -> metric.render(out, name, labels(values)));
    }

    private String labels(List<String> values) {
      if (values.isEmpty()) {
        return "";
      }
      List<String> pairs = new ArrayList<>(values.size());
      for (int i = 0; i < values.size(); i++) {
        pairs.add(labelNames.get(i) + "=\"" + escapeLabel(values.get(i)) + "\"");
      }
      return "{" + String.join(",", pairs) + "}";
    }
  }

  private static int compare(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static String escapeHelp(String help) {
    return help.replace("\\", "\\\\").replace("\n", "\\n");
  }

  static String escapeLabel(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /** Renders a sample value as Prometheus does: integers without a fraction, NaN and infinities by name. */
  static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
        : java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
