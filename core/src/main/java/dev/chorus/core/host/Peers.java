package dev.chorus.core.host;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The other members of one protocol instance (a Raft group, a replicated store), found through
 * Pekko's Receptionist, which is cluster-wide under the cluster provider: each member registers
 * under a key of its instance and node id ({@code <kind>/<instance>/<nodeId>}), and a node
 * subscribes to a member's key the first time it has something for it. A message for a member not
 * (yet) listed is dropped: the protocols retry. While a restarted member's old incarnation is still
 * listed beside the new one, a message goes to both: the old one is gone, and the protocols
 * tolerate lost messages.
 *
 * <p>Members the cluster's failure detector marks unreachable stay listed
 * ({@code getAllServiceInstances}): the protocols have their own timeouts, and Pekko marks a member
 * unreachable when any one observer suspects it, a stale observation of a node since killed
 * included. Filtering on that view could cut two healthy members off from each other, and a group
 * of three with one member down would lose its quorum until the cluster downed the dead node.
 *
 * <p>Not thread-safe: the host's actor owns it.
 *
 * @param <M> the host actor's message type
 */
public final class Peers<M> {
  private final ActorContext<M> context;
  private final Class<M> type;
  private final String instance;
  private final ActorRef<Receptionist.Listing> listings;
  private final Set<String> subscribed = new HashSet<>();
  private final Map<String, Set<ActorRef<M>>> refs = new HashMap<>();

  /**
   * @param instance the kind and name of the instance, as {@code chorus-raft/<group>}
   * @param listings where the Receptionist's listings go (an adapter to the host's {@link #onListing})
   */
  public Peers(ActorContext<M> context, Class<M> type, String instance, ActorRef<Receptionist.Listing> listings) {
    this.context = context;
    this.type = type;
    this.instance = instance;
    this.listings = listings;
  }

  /** The key the member {@code nodeId} of {@code instance} registers under. */
  public static <M> ServiceKey<M> key(Class<M> type, String instance, String nodeId) {
    return ServiceKey.create(type, instance + "/" + nodeId);
  }

  /** Makes this node findable as {@code self}. */
  public void register(String self) {
    context.getSystem().receptionist().tell(Receptionist.register(key(type, instance, self), context.getSelf()));
  }

  /** Starts looking for {@code nodeId}. */
  public void watch(String nodeId) {
    if (subscribed.add(nodeId)) {
      context.getSystem().receptionist().tell(Receptionist.subscribe(key(type, instance, nodeId), listings));
    }
  }

  /**
   * Sends to every listed incarnation of {@code to}; returns false, and starts looking for it, if
   * none is listed yet.
   */
  public boolean send(String to, M message) {
    Set<ActorRef<M>> listed = refs.get(to);
    if (listed == null) {
      watch(to);
      return false;
    }
    listed.forEach(ref -> ref.tell(message));
    return true;
  }

  /** Takes a listing the Receptionist sent to {@code listings}. */
  public void onListing(Receptionist.Listing listing) {
    for (String member : subscribed) {
      ServiceKey<M> key = key(type, instance, member);
      if (listing.isForKey(key)) {
        Set<ActorRef<M>> listed = listing.getAllServiceInstances(key);
        if (listed.isEmpty()) {
          refs.remove(member);
        } else {
          refs.put(member, Set.copyOf(listed));
        }
      }
    }
  }
}
