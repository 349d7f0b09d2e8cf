package dev.chorus.testkit.control;

import dev.chorus.core.ChorusNode;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.remote.RemoteActorRefProvider;
import org.apache.pekko.remote.transport.ThrottlerTransportAdapter;
import scala.concurrent.Await;
import scala.concurrent.duration.Duration;

/**
 * Cuts and heals this node's links to other nodes through Artery's test-mode blackhole, which
 * drops all traffic on the link, gossip and heartbeats included, so membership really sees the
 * partition (docs/architecture.md, "Node runtime"). Requires {@code pekko.remote.artery.advanced.test-mode = on},
 * which only testkit-launched nodes have. Thread-safe.
 */
public final class LinkFaults {
  // Direction.Both is a Scala object nested in another object; javac cannot name its class, so it
  // is fetched through its MODULE$ field.
  private static final ThrottlerTransportAdapter.Direction BOTH = both();

  private final ChorusNode node;
  private final Set<Address> blackholed = ConcurrentHashMap.newKeySet();

  public LinkFaults(ChorusNode node) {
    this.node = node;
  }

  /** Drops all traffic between this node and {@code peer}, both ways. */
  public void blackhole(Address peer) {
    throttle(peer, ThrottlerTransportAdapter.Blackhole$.MODULE$);
    blackholed.add(peer);
  }

  /** Restores the link to {@code peer}, if this node cut it. */
  public void heal(Address peer) {
    if (blackholed.remove(peer)) {
      throttle(peer, ThrottlerTransportAdapter.Unthrottled$.MODULE$);
    }
  }

  /** Restores every link this node cut. */
  public void healAll() {
    for (Address peer : Set.copyOf(blackholed)) {
      throttle(peer, ThrottlerTransportAdapter.Unthrottled$.MODULE$);
      blackholed.remove(peer);
    }
  }

  /** The peers whose links are cut now. */
  public Set<Address> blackholed() {
    return Set.copyOf(blackholed);
  }

  private static ThrottlerTransportAdapter.Direction both() {
    try {
      return (ThrottlerTransportAdapter.Direction) Class
          .forName("org.apache.pekko.remote.transport.ThrottlerTransportAdapter$Direction$Both$")
          .getField("MODULE$").get(null);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private void throttle(Address peer, ThrottlerTransportAdapter.ThrottleMode mode) {
    ExtendedActorSystem classic = (ExtendedActorSystem) Adapter.toClassic(node.system());
    RemoteActorRefProvider provider = (RemoteActorRefProvider) classic.provider();
    var command = new ThrottlerTransportAdapter.SetThrottle(peer, BOTH, mode);
    try {
      Object ok = Await.result(provider.transport().managementCommand(command), Duration.create(10, TimeUnit.SECONDS));
      if (!Boolean.TRUE.equals(ok)) {
        throw new IllegalStateException("Artery refused " + command
            + "; is pekko.remote.artery.advanced.test-mode on?");
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot change the link to " + peer + ": " + e, e);
    }
  }
}
