package dev.chorus.replication.leaderfollower.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The other replicas of one store, found through Pekko's Receptionist (cluster-wide under the
 * cluster provider): each replica registers under a key of its store and node id. A message for
 * a replica not (yet) listed is dropped; the core retries (heartbeats, fences and epoch queries
 * are repeated until answered). While a restarted replica's old incarnation is still listed
 * beside the new one, a message goes to both: the old one is gone.
 *
 * <p>Replicas the cluster's failure detector marks unreachable stay listed
 * ({@code getAllServiceInstances}), for the reason Raft's peers do (consensus {@code Peers}): the
 * core times out on its own, and a suspicion by a third node (one since killed, say) must not cut
 * off two replicas that can talk, or a recovery that needs both would stall.
 */
final class StorePeers {
  private final ActorContext<ReplicaNode.Command> context;
  private final String store;
  private final ActorRef<Receptionist.Listing> listings;
  private final Set<String> subscribed = new HashSet<>();
  private final Map<String, Set<ActorRef<ReplicaNode.Command>>> refs = new HashMap<>();

  StorePeers(ActorContext<ReplicaNode.Command> context, String store, ActorRef<Receptionist.Listing> listings) {
    this.context = context;
    this.store = store;
    this.listings = listings;
  }

  static ServiceKey<ReplicaNode.Command> key(String store, String nodeId) {
    return ServiceKey.create(ReplicaNode.Command.class, "chorus-replica/" + store + "/" + nodeId);
  }

  /** Makes this replica findable as {@code self}, and starts looking for {@code others}. */
  void register(String self, Iterable<String> others) {
    context.getSystem().receptionist().tell(Receptionist.register(key(store, self), context.getSelf()));
    for (String other : others) {
      if (subscribed.add(other)) {
        context.getSystem().receptionist().tell(Receptionist.subscribe(key(store, other), listings));
      }
    }
  }

  /** Sends to every listed incarnation of {@code to}; returns false if none is listed yet. */
  boolean send(String to, ReplicaNode.Command message) {
    Set<ActorRef<ReplicaNode.Command>> listed = refs.get(to);
    if (listed == null) {
      return false;
    }
    listed.forEach(ref -> ref.tell(message));
    return true;
  }

  void onListing(Receptionist.Listing listing) {
    for (String member : subscribed) {
      ServiceKey<ReplicaNode.Command> key = key(store, member);
      if (listing.isForKey(key)) {
        Set<ActorRef<ReplicaNode.Command>> listed = listing.getAllServiceInstances(key);
        if (listed.isEmpty()) {
          refs.remove(member);
        } else {
          refs.put(member, Set.copyOf(listed));
        }
      }
    }
  }
}
