package dev.chorus.core.metrics;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The {@link MetricsRegistry} of an actor system, as a Pekko extension: every protocol on a node
 * reports into the same one, and the node's HTTP API serves it at {@code GET /metrics}.
 */
public final class ChorusMetrics extends ExtensionId<ChorusMetrics.Registry> {
  private static final ChorusMetrics ID = new ChorusMetrics();

  private ChorusMetrics() {}

  /** The registry of {@code system}, created at first use. */
  public static MetricsRegistry get(ActorSystem<?> system) {
    return ID.apply(system).registry();
  }

  @Override
  public Registry createExtension(ActorSystem<?> system) {
    return new Registry(new MetricsRegistry());
  }

  /** The extension's value. */
  public record Registry(MetricsRegistry registry) implements Extension {}
}
