package dev.chorus.consensus.internal;

import dev.chorus.consensus.internal.RaftNode.Command;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The other members of one group, found through Pekko's Receptionist (cluster-wide under the
 * cluster provider): each member registers under a key of its group and node id, and a node
 * subscribes to a member's key the first time it has something for it. A message for a member
 * not (yet) listed is dropped; Raft retries. While a restarted member's old incarnation is still
 * listed beside the new one, a message goes to both: the old one is gone, and Raft tolerates
 * lost messages.
 *
 * <p>Members the cluster's failure detector marks unreachable stay listed
 * ({@code getAllServiceInstances}): Raft has its own timeouts, and Pekko marks a member
 * unreachable when any one observer suspects it, a stale observation of a node since killed
 * included. Filtering on that view could cut two healthy members off from each other, and a group
 * of three with one member down would lose its quorum until the cluster downed the dead node.
 * Messages to a member that really is gone are lost, as Raft allows.
 */
final class Peers {
  private final ActorContext<Command> context;
  private final String group;
  private final ActorRef<Receptionist.Listing> listings;
  private final Set<String> subscribed = new HashSet<>();
  private final Map<String, Set<ActorRef<Command>>> refs = new HashMap<>();

  Peers(ActorContext<Command> context, String group, ActorRef<Receptionist.Listing> listings) {
    this.context = context;
    this.group = group;
    this.listings = listings;
  }

  /** The key the member {@code nodeId} of {@code group} registers under. */
  static ServiceKey<Command> key(String group, String nodeId) {
    return ServiceKey.create(Command.class, "chorus-raft/" + group + "/" + nodeId);
  }

  /** Makes this node findable as {@code self}. */
  void register(String self) {
    context.getSystem().receptionist().tell(Receptionist.register(key(group, self), context.getSelf()));
  }

  /** Starts looking for {@code nodeId}. */
  void watch(String nodeId) {
    if (subscribed.add(nodeId)) {
      context.getSystem().receptionist().tell(Receptionist.subscribe(key(group, nodeId), listings));
    }
  }

  void send(String to, Command message) {
    Set<ActorRef<Command>> listed = refs.get(to);
    if (listed != null) {
      listed.forEach(ref -> ref.tell(message));
    } else {
      watch(to);
      context.getLog().debug("raft {}: {} not found yet, dropping {}", group, to, message);
    }
  }

  void onListing(Receptionist.Listing listing) {
    for (String member : subscribed) {
      ServiceKey<Command> key = key(group, member);
      if (listing.isForKey(key)) {
        Set<ActorRef<Command>> listed = listing.getAllServiceInstances(key);
        if (listed.isEmpty()) {
          refs.remove(member);
        } else {
          refs.put(member, Set.copyOf(listed));
        }
      }
    }
  }
}
