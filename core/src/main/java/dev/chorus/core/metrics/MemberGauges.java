package dev.chorus.core.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The gauges of one protocol member (a Raft group's member, a store's replica), all labelled with
 * the same label values (its group or store, and its node), as its host publishes them once per
 * tick. {@link #remove()} forgets them all when the member stops.
 */
public final class MemberGauges {
  private final MetricsRegistry registry;
  private final String prefix;
  private final String[] labelNames;
  private final String[] labelValues;
  private final Set<String> names = new HashSet<>();

  /**
   * @param prefix the metric names' start, such as {@code chorus_raft}
   * @param labelNames the labels every gauge carries, such as {@code group, node}
   * @param labelValues this member's values of them
   */
  public MemberGauges(MetricsRegistry registry, String prefix, List<String> labelNames, List<String> labelValues) {
    if (labelNames.size() != labelValues.size()) {
      throw new IllegalArgumentException("labels " + labelNames + " need as many values, got " + labelValues);
    }
    this.registry = registry;
    this.prefix = prefix;
    this.labelNames = labelNames.toArray(String[]::new);
    this.labelValues = labelValues.toArray(String[]::new);
  }

  /**
   * One number of a member's status, named and explained once.
   *
   * @param <T> the status type it is read from
   */
  public record Stat<T>(String name, String help, java.util.function.ToDoubleFunction<T> value) {}

  /** Sets every one of {@code stats} from {@code status}. */
  public <T> void setAll(T status, List<Stat<T>> stats) {
    for (Stat<T> stat : stats) {
      set(stat.name(), stat.help(), stat.value().applyAsDouble(status));
    }
  }

  /** Sets {@code <prefix>_<name>} to {@code value}. */
  public void set(String name, String help, double value) {
    names.add(prefix + "_" + name);
    registry.gauge(prefix + "_" + name, help, labelNames).labels(labelValues).set(value);
  }

  /** Sets {@code <prefix>_role} to 1 for {@code current} and 0 for every other of {@code roles}, by lower-case name. */
  public <E extends Enum<E>> void role(String help, E[] roles, E current) {
    String name = prefix + "_role";
    names.add(name);
    MetricsRegistry.Family<Gauge> family = registry.gauge(name, help, with("role"));
    for (E role : roles) {
      family.labels(with(role.name().toLowerCase(Locale.ROOT), labelValues)).set(role == current ? 1 : 0);
    }
  }

  /** Sets {@code <prefix>_<name>} of {@code peer} (one more label, {@code peerLabel}). */
  public void setForPeer(String name, String help, String peerLabel, String peer, double value) {
    names.add(prefix + "_" + name);
    registry.gauge(prefix + "_" + name, help, with(peerLabel)).labels(with(peer, labelValues)).set(value);
  }

  /** Forgets {@code <prefix>_<name>} of {@code peer}. */
  public void removePeer(String name, String peer) {
    registry.removeMatching(prefix + "_" + name, with(peer, labelValues));
  }

  /** Forgets every gauge of this member. */
  public void remove() {
    for (String name : names) {
      registry.removeMatching(name, labelValues);
    }
  }

  private String[] with(String extra) {
    return with(extra, labelNames);
  }

  private static String[] with(String extra, String[] base) {
    List<String> all = new ArrayList<>(Arrays.asList(base));
    all.add(extra);
    return all.toArray(String[]::new);
  }
}
