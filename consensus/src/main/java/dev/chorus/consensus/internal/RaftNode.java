package dev.chorus.consensus.internal;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.chorus.consensus.MembershipChange;
import dev.chorus.consensus.RaftGroupSettings;
import dev.chorus.consensus.RaftMetrics;
import dev.chorus.consensus.ReadPath;
import dev.chorus.core.Bytes;
import dev.chorus.core.feed.Change;
import dev.chorus.core.ChorusSerializable;
import dev.chorus.core.clock.NodeClocks;
import dev.chorus.core.host.HostLifecycle;
import dev.chorus.core.host.Peers;
import dev.chorus.core.host.HostSpec;
import dev.chorus.core.metrics.ChorusMetrics;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.persistence.typed.PersistenceId;

/**
 * One member of one Raft group on one node: a thin typed actor around {@link
 * dev.chorus.consensus.raft.RaftCore}. It turns timer ticks into {@code tick()}, keeps the core's
 * storage durable through a {@link dev.chorus.core.host.LogActor} child ({@link RaftLogFormat}), exchanges the core's messages with the
 * other members (found through the Receptionist, see {@link Peers}) and applies committed commands
 * to the user's state machine. The core decides; this actor does ({@link RaftHost}).
 *
 * <p>Clients send {@link Submit}, {@link Query}, {@link TransferLeadership} and {@link
 * ChangeMembership} (or, on this node, {@link LocalSubmit} and {@link LocalQuery}) and get a
 * {@link Response}; every request is answered, at the latest after
 * the request timeout. The persistence id is {@code chorus-raft|<group>/<nodeId>}: a member
 * restarted with the same group and node id recovers its term, vote, snapshot and log.
 */
public final class RaftNode {
  private RaftNode() {}

  /** The actor's protocol. */
  public sealed interface Command extends ChorusSerializable {}

  /** Proposes {@code command} (the codec's bytes); answered once it is applied here, or not. */
  public record Submit(
      @JsonSerialize(using = BytesJson.Serializer.class) @JsonDeserialize(using = BytesJson.Deserializer.class)
      Bytes command,
      ActorRef<Response> replyTo) implements Command {
    /** Requires both. */
    public Submit {
      Objects.requireNonNull(command, "command");
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  /** Answers {@code query} (the codec's bytes) from the state machine, as {@code consistency} says. */
  public record Query(
      @JsonSerialize(using = BytesJson.Serializer.class) @JsonDeserialize(using = BytesJson.Deserializer.class)
      Bytes query,
      ReadPath consistency,
      ActorRef<Response> replyTo) implements Command {
    /** Requires all. */
    public Query {
      Objects.requireNonNull(query, "query");
      Objects.requireNonNull(consistency, "consistency");
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  /**
   * {@link Submit} from this node's own {@code RaftGroup}: the answer is handed to {@code reply}
   * on the member's thread (which must only pass it on), not sent to an actor. So no ask, and no
   * timer per request; the group guards against a member that never answers (see {@code
   * RaftGroup}). Never crosses nodes: it is not serializable.
   */
  public record LocalSubmit(Bytes command, Consumer<Response> reply)
      implements Command, NoSerializationVerificationNeeded {
    /** Requires both. */
    public LocalSubmit {
      Objects.requireNonNull(command, "command");
      Objects.requireNonNull(reply, "reply");
    }
  }

  /**
   * {@link Query} from this node's own {@code RaftGroup}: the query goes to the state machine and
   * its result comes back as the objects they are ({@link Response.Served}), with nothing encoded
   * or decoded on the way; the answer is handed to {@code reply} as for {@link LocalSubmit}. Never
   * crosses nodes: it is not serializable.
   */
  public record LocalQuery(Object query, ReadPath consistency, Consumer<Response> reply)
      implements Command, NoSerializationVerificationNeeded {
    /** Requires all. */
    public LocalQuery {
      Objects.requireNonNull(query, "query");
      Objects.requireNonNull(consistency, "consistency");
      Objects.requireNonNull(reply, "reply");
    }
  }

  /**
   * A poll of the group's change feed by this node's own client: up to {@code max} applied
   * commands from {@code from}, waiting up to {@code waitNanos} for one; answered with {@link
   * Response.Changes}, or {@link Response.Compacted}. Never crosses nodes.
   */
  public record LocalPollChanges(long from, int max, long waitNanos, Consumer<Response> reply)
      implements Command, NoSerializationVerificationNeeded {
    /** Requires the reply. */
    public LocalPollChanges {
      Objects.requireNonNull(reply, "reply");
    }
  }

  /** Hands leadership to {@code target} (thesis §3.10); answered once this node sees it lead. */
  public record TransferLeadership(String target, ActorRef<Response> replyTo) implements Command {}

  /** Makes one membership change (thesis §4.1); answered with the new configuration once applied. */
  public record ChangeMembership(MembershipChange.Kind kind, String node, ActorRef<Response> replyTo)
      implements Command {}

  /** Asks for this member's {@link RaftMetrics}. */
  public record GetMetrics(ActorRef<RaftMetrics> replyTo) implements Command {}

  /** Stops this member (its log actor first); pending clients are answered. */
  public enum Stop implements Command { INSTANCE }

  /** A Raft message from the member {@code from} of {@code group}. Crosses nodes. */
  record FromPeer(String group, String from, WireMessage message) implements Command {}

  /**
   * What {@link RaftWireSerializer} delivers in place of a message it could not decode, already
   * logged (once per type): dropped here without a word. Returned rather than thrown, because
   * Artery logs every message whose deserialization throws at ERROR, with its stack trace.
   */
  enum Undecodable implements Command { INSTANCE }

  private enum Tick implements Command { INSTANCE }

  record Recovered(LogState state) implements Command {}

  private record Persisted(long token) implements Command {}

  private record PeersListed(Receptionist.Listing listing) implements Command {}

  /**
   * The answer to a client's request. Not a {@code StatusReply}: its errors must keep their kind
   * and leader hint when they cross nodes, and a StatusReply error travels as text only.
   */
  public sealed interface Response extends ChorusSerializable {
    /** Applied, or served: the result's bytes (empty for a transfer). */
    record Ok(
        @JsonSerialize(using = BytesJson.Serializer.class) @JsonDeserialize(using = BytesJson.Deserializer.class)
        Bytes result) implements Response {}

    /** A {@link LocalQuery} was served: the state machine's result as it returned it. Never crosses nodes. */
    record Served(Object result) implements Response, NoSerializationVerificationNeeded {}

    /** A change feed's poll: the applied commands read, and where the next poll starts. Never crosses nodes. */
    record Changes(List<Change<Bytes>> changes, long next) implements Response, NoSerializationVerificationNeeded {}

    /** A change feed's poll from before the log's first held entry. Never crosses nodes. */
    record Compacted(long firstHeld) implements Response, NoSerializationVerificationNeeded {}

    /** A membership change was applied: the configuration it made. */
    record Configured(Set<String> voters, Set<String> learners) implements Response {}

    /** Not the leader, or overwritten by a new leader: certainly not applied. */
    record NotLeader(Optional<String> leaderHint) implements Response {}

    /** Not taken (no leader known, or stopped): certainly not applied. */
    record Unavailable(String reason) implements Response {}

    /** The outcome is unknown. */
    record Unknown(String reason) implements Response {}

    /** Refused as invalid: a membership change the rules forbid, a bad target, a failed query. */
    record Rejected(String reason) implements Response {}
  }

  /**
   * What one member needs.
   *
   * @param group the group's name
   * @param nodeId this member's node id, stable across restarts
   * @param bootstrapVoters the founding voters, the same on every founding member; empty on a
   *     member that joins later and waits to be added (thesis §4.1)
   * @param settings ticks, timeouts and the core's settings
   * @param machine makes the state machine, empty, once per incarnation of this actor
   * @param random the randomness of election timeouts
   * @param onStopped called once this actor and its log have stopped
   */
  public record Spec(String group, String nodeId, Set<String> bootstrapVoters, RaftGroupSettings settings,
      Supplier<ReplicatedMachine<?, ?, ?>> machine, Random random, Runnable onStopped) {
    /** Copies; built only by the start methods, which check what they are given. */
    public Spec {
      bootstrapVoters = Set.copyOf(bootstrapVoters);
      Objects.requireNonNull(onStopped, "onStopped");
    }
  }

  /** The key naming the log actor's dispatcher (see this module's reference.conf). */
  static final String LOG_DISPATCHER = "chorus.consensus.log-dispatcher";

  /** The persistence id of {@code nodeId}'s storage in {@code group}. */
  public static PersistenceId persistenceId(String group, String nodeId) {
    return PersistenceId.of("chorus-raft", group + "/" + nodeId);
  }

  /** The key the member {@code nodeId} of {@code group} registers under with the Receptionist. */
  public static ServiceKey<Command> peerKey(String group, String nodeId) {
    return Peers.key(Command.class, PEER_KIND + group, nodeId);
  }

  private static final String PEER_KIND = "chorus-raft/";

  /** A member as {@code spec} describes it. */
  public static Behavior<Command> create(Spec spec) {
    int eventsPerSnapshot = (int) Math.max(16, Math.min(100_000, spec.settings().raft().snapshotEntries()));
    HostSpec<Command, WireEvent, LogState, Recovered> host = new HostSpec<>(Command.class, Recovered.class,
        persistenceId(spec.group(), spec.nodeId()), RaftLogFormat.INSTANCE, eventsPerSnapshot, LOG_DISPATCHER,
        PEER_KIND + spec.group(), spec.settings().tickInterval(), Tick.INSTANCE, Stop.INSTANCE, Recovered::new,
        Persisted::new, PeersListed::new);
    return HostLifecycle.create(host, (context, peers, pipeline) -> new RaftHost(spec, context.getLog(), peers,
        pipeline, ChorusMetrics.get(context.getSystem()), NodeClocks.monotonic(context.getSystem())));
  }

  static Behavior<Command> running(RaftHost host) {
    return HostLifecycle.running(Command.class, host, Stop.INSTANCE)
        .onMessage(Submit.class, s -> host.submit(s.command(), s.replyTo()::tell))
        .onMessage(LocalSubmit.class, s -> host.submit(s.command(), s.reply()))
        .onMessage(Query.class, q -> host.query(q))
        .onMessage(LocalQuery.class, q -> host.query(q))
        .onMessage(LocalPollChanges.class, p -> host.pollChanges(p))
        .onMessage(TransferLeadership.class, t -> host.transfer(t))
        .onMessage(ChangeMembership.class, c -> host.changeMembership(c))
        .onMessage(GetMetrics.class, g -> host.metrics(g))
        .onMessage(FromPeer.class, f -> host.fromPeer(f))
        .onMessageEquals(Undecodable.INSTANCE, Behaviors::same)
        .onMessage(Persisted.class, p -> host.persisted(p.token()))
        .onMessageEquals(Tick.INSTANCE, host::tick)
        .onMessage(PeersListed.class, l -> host.onListing(l.listing()))
        .build();
  }
}
