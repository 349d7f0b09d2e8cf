package dev.chorus.replication.leaderfollower.internal;

import dev.chorus.consensus.election.LeaderElection;
import dev.chorus.core.Bytes;
import dev.chorus.core.feed.Change;
import dev.chorus.core.host.FrameParts;
import dev.chorus.core.host.HostLifecycle;
import dev.chorus.core.host.Peers;
import dev.chorus.core.host.HostSpec;
import dev.chorus.core.ChorusSerializable;
import dev.chorus.core.spi.Codecs;
import dev.chorus.core.spi.StateMachine;
import dev.chorus.replication.leaderfollower.LogPosition;
import dev.chorus.replication.leaderfollower.ReplicaStatus;
import dev.chorus.replication.leaderfollower.RequestOutcome;
import dev.chorus.replication.leaderfollower.StoreSettings;
import dev.chorus.replication.leaderfollower.WriteMode;
import dev.chorus.replication.leaderfollower.protocol.ReadLevel;
import dev.chorus.replication.leaderfollower.protocol.Staleness;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.persistence.typed.PersistenceId;

/**
 * One replica of one leader-follower store on one node: a thin typed actor around {@code
 * ReplicaCore}. It turns timer ticks into {@code tick()}, keeps the core's writes durable through
 * a {@link dev.chorus.core.host.LogActor} child ({@link ReplicaLogFormat}), exchanges the core's messages with the other replicas (found
 * through the Receptionist), asks {@link LeaderElection} for the store's lease, and keeps the
 * user's state machine at the prefix it serves. The core decides; this actor does
 * ({@link ReplicaHost}).
 *
 * <p>The persistence id is {@code chorus-replica|<store>/<nodeId>}: a replica restarted with the
 * same store and node id recovers its log, its fence and its markers.
 */
public final class ReplicaNode {
  private ReplicaNode() {}

  /** The actor's protocol. */
  public sealed interface Command {}

  /** Writes {@code command} (the codec's bytes) in {@code mode} (null: the store's), after {@code session}. */
  public record Write(Bytes command, WriteMode mode, LogPosition session, ActorRef<Reply> replyTo)
      implements Command {}

  /**
   * Reads {@code query} at {@code level} after {@code session}, or, when {@code bound} is given,
   * at most that stale.
   */
  public record Read(Bytes query, ReadLevel level, LogPosition session, Staleness bound, ActorRef<Reply> replyTo)
      implements Command {}

  /**
   * A poll of the store's change feed: up to {@code max} stable records from {@code from}, waiting
   * up to {@code waitNanos} for one; answered with {@link Reply.Changes} or {@link Reply.Compacted}.
   */
  public record PollChanges(long from, int max, long waitNanos, ActorRef<Reply> replyTo) implements Command {}

  /** Asks for this replica's status. */
  public record GetStatus(ActorRef<ReplicaStatus> replyTo) implements Command {}

  /** Starts a planned switchover to {@code target}; answered at once with whether it started. */
  public record Switchover(String target, ActorRef<Reply> replyTo) implements Command {}

  /** Stops this replica (its log actor first); pending clients are answered. */
  public enum Stop implements Command { INSTANCE }

  /** A core message (ReplicaCodec's bytes) from the replica {@code from} of {@code store}. Crosses nodes. */
  public record FromPeer(String store, String from, byte[] message) implements Command, ChorusSerializable {}

  /**
   * Part {@code part} of {@code parts} of a core message too large for one Artery frame, the
   * {@code message}-th that {@code from} split ({@link FrameParts}). Crosses nodes.
   */
  public record FromPeerPart(String store, String from, long message, int part, int parts, byte[] bytes)
      implements Command, ChorusSerializable, FrameParts.Part {}

  /**
   * What {@link ReplicaWireSerializer} delivers in place of a message it could not decode, already
   * logged (once per type): dropped here, as a lost message the core copes with.
   */
  enum Undecodable implements Command { INSTANCE }

  enum Tick implements Command { INSTANCE }

  record Recovered(List<byte[]> writes) implements Command {}

  record Persisted(long token) implements Command {}

  record PeersListed(Receptionist.Listing listing) implements Command {}

  /**
   * What the lease group said to the ask made at tick {@code askedAt} (-1: a release): granted
   * with {@code token} (> 0), held by {@code holder} (token 0), or neither known.
   */
  record LeaseResult(long askedAt, long token, String holder) implements Command {}

  /** The answer to a client. */
  public sealed interface Reply {
    /** Acknowledged at {@code offset}; the session is now at {@code position}. */
    record Written(long offset, LogPosition position) implements Reply {}

    /** Served from the prefix through {@code throughOffset}: the result's bytes. */
    record Served(Bytes result, long throughOffset, LogPosition position) implements Reply {}

    /** Not done here, or not known to be done: {@code outcome} says which. */
    record Refused(RequestOutcome outcome, String detail) implements Reply {}

    /** Refused as invalid: a query the state machine could not answer. */
    record Rejected(String reason) implements Reply {}

    /** A switchover started. */
    record Started(String target) implements Reply {}

    /** A change feed's poll: the writes read, and where the next poll starts. */
    record Changes(List<Change<Bytes>> changes, long next) implements Reply {}

    /** A change feed's poll from before the log's first held record. */
    record Compacted(long firstHeld) implements Reply {}
  }

  /**
   * What one replica needs.
   *
   * @param store the store's name
   * @param nodeId this replica's node id, stable across restarts
   * @param replicas every replica's node id, the same on each
   * @param settings ticks, timeouts and the core's settings
   * @param machine makes the state machine, empty
   * @param codecs the state machine's codecs
   * @param election the lease group on this node
   * @param onStopped called once this actor and its log have stopped
   */
  public record Spec(String store, String nodeId, List<String> replicas, StoreSettings settings,
      Supplier<? extends StateMachine<?, ?, ?>> machine, Codecs<?, ?, ?> codecs, LeaderElection election,
      Runnable onStopped) {
    /** Copies; built only by the start methods, which check what they are given. */
    public Spec {
      replicas = List.copyOf(replicas);
      Objects.requireNonNull(onStopped, "onStopped");
    }

    /** The lease's name in {@link LeaderElection}. */
    String leaseName() {
      return "chorus-replica/" + store;
    }
  }

  /** Count-based Pekko snapshots, which are what lets Pekko delete old events. */
  private static final int EVENTS_PER_SNAPSHOT = 1_000;

  /** The persistence id of {@code nodeId}'s replica of {@code store}. */
  public static PersistenceId persistenceId(String store, String nodeId) {
    return PersistenceId.of("chorus-replica", store + "/" + nodeId);
  }

  private static final String PEER_KIND = "chorus-replica/";

  /** The key the replica {@code nodeId} of {@code store} registers under with the Receptionist. */
  public static ServiceKey<Command> peerKey(String store, String nodeId) {
    return Peers.key(Command.class, PEER_KIND + store, nodeId);
  }

  /** A replica as {@code spec} describes it. */
  public static Behavior<Command> create(Spec spec) {
    // The recovered writes are copied on the log actor, whose state they are.
    HostSpec<Command, ReplicaLogActor.Stored, ReplicaLogFormat.Writes, Recovered> host = new HostSpec<>(Command.class,
        Recovered.class, persistenceId(spec.store(), spec.nodeId()), ReplicaLogFormat.INSTANCE, EVENTS_PER_SNAPSHOT,
        null, PEER_KIND + spec.store(), spec.settings().tickInterval(), Tick.INSTANCE, Stop.INSTANCE,
        writes -> new Recovered(writes.bytes()), Persisted::new, PeersListed::new);
    return HostLifecycle.create(host, (context, peers, pipeline) -> new ReplicaHost(spec, context, peers, pipeline));
  }

  static Behavior<Command> running(ReplicaHost host) {
    return HostLifecycle.running(Command.class, host, Stop.INSTANCE)
        .onMessage(Write.class, host::write)
        .onMessage(Read.class, host::read)
        .onMessage(PollChanges.class, host::pollChanges)
        .onMessage(GetStatus.class, host::status)
        .onMessage(Switchover.class, host::switchover)
        .onMessage(FromPeer.class, host::fromPeer)
        .onMessage(FromPeerPart.class, host::fromPeerPart)
        .onMessageEquals(Undecodable.INSTANCE, Behaviors::same)
        .onMessage(LeaseResult.class, host::leaseResult)
        .onMessage(Persisted.class, p -> host.persisted(p.token()))
        .onMessageEquals(Tick.INSTANCE, host::tick)
        .onMessage(PeersListed.class, l -> host.onListing(l.listing()))
        .build();
  }
}
