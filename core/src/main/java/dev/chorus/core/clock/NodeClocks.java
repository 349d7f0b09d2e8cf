package dev.chorus.core.clock;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * A node's clocks, one set per actor system: the monotonic clock that every host counts ticks,
 * timeouts and leases on (a {@link RateClock}, rate 1 unless the testkit's clock-rate fault moves
 * it, which a test may {@linkplain RateClock#advance advance} instead of sleeping), and the
 * skewable physical clock behind the HLC. Hosts read {@code NodeClocks.monotonic(system)}, never
 * {@link System#nanoTime()}.
 */
public final class NodeClocks extends ExtensionId<NodeClocks.Clocks> {
  private static final NodeClocks ID = new NodeClocks();

  private NodeClocks() {}

  /** The monotonic clock of {@code system}'s node. */
  public static RateClock monotonic(ActorSystem<?> system) {
    return ID.apply(system).monotonic();
  }

  /** The physical (wall) clock of {@code system}'s node, which only the HLC reads. */
  public static SkewableClock physical(ActorSystem<?> system) {
    return ID.apply(system).physical();
  }

  @Override
  public Clocks createExtension(ActorSystem<?> system) {
    return new Clocks(new RateClock(MonotonicClock.system()), new SkewableClock(PhysicalClock.system()));
  }

  /** The extension's value. */
  public record Clocks(RateClock monotonic, SkewableClock physical) implements Extension {}
}
