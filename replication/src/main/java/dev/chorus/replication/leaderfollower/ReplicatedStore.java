package dev.chorus.replication.leaderfollower;

import dev.chorus.consensus.election.LeaderElection;
import dev.chorus.core.Bytes;
import dev.chorus.core.ChorusNode;
import dev.chorus.core.CommandTooLarge;
import dev.chorus.core.ConsistencyLevel;
import dev.chorus.core.ConsistencyLevelNotSupportedException;
import dev.chorus.core.ServedLevels;
import dev.chorus.core.SessionToken;
import dev.chorus.core.feed.ChangeBatch;
import dev.chorus.core.feed.ChangeFeed;
import dev.chorus.core.feed.OffsetCompactedException;
import dev.chorus.core.host.Instances;
import dev.chorus.core.spi.Codecs;
import dev.chorus.core.spi.StateMachine;
import dev.chorus.replication.leaderfollower.internal.ReplicaNode;
import dev.chorus.replication.leaderfollower.internal.ReplicaNode.Reply;
import dev.chorus.replication.leaderfollower.protocol.ReadLevel;
import dev.chorus.replication.leaderfollower.protocol.ReplicaCore;
import dev.chorus.replication.leaderfollower.protocol.Staleness;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * This node's replica of a named leader-follower store: one leader, elected through
 * {@link LeaderElection} with its fencing token as the epoch, and followers, replicating a log of
 * the user's commands to a {@link StateMachine} on each replica (docs/replication.md).
 *
 * <p>Writes go to the leader; a follower answers {@code NOT_LEADER} with a hint. Each write is
 * acknowledged as its {@link WriteMode} says, and returns the {@link SessionToken} a client
 * passes to later requests, in this process or another, for the session guarantees. Every
 * request is answered: at the latest after {@code request-timeout}, as unknown. Failures are
 * {@link StoreRequestException}s; bad arguments are {@link IllegalArgumentException}s at once.
 *
 * <p>The replica keeps its log through Pekko Persistence under the persistence id
 * {@code chorus-replica|<store>/<nodeId>}; starting the store again on the same node id, after
 * {@link #stop()} or a restart, recovers it. Thread-safe.
 *
 * @param <C> commands, which change state
 * @param <Q> queries, which read it
 * @param <R> results of queries
 */
public final class ReplicatedStore<C, Q, R> implements ChangeFeed<C> {
  /** An acknowledged write: its offset in the log, and the session's token after it. */
  public record Written(long offset, SessionToken session) {}

  /** A read's result, served from the prefix through {@code throughOffset}, and the session's token after it. */
  public record Value<R>(R value, long throughOffset, SessionToken session) {}

  /** The replicas running on each node. */
  private static final Instances RUNNING = new Instances("replica", "store", "a replica of store");

  private final Instances.Started<ReplicaNode.Command> member;
  private final String store;
  private final ActorRef<ReplicaNode.Command> replica;
  private final ActorSystem<?> system;
  private final Codecs<C, Q, R> codecs;
  private final StoreSettings settings;
  private final long maxCommandBytes;
  private final ServedLevels servedLevels;

  private ReplicatedStore(Instances.Started<ReplicaNode.Command> member, Codecs<C, Q, R> codecs, StoreSettings settings,
      int replicas) {
    this.member = member;
    this.store = member.instance();
    this.servedLevels = settings.replication().mode().servedLevels(replicas);
    this.replica = member.ref();
    this.system = member.system();
    this.codecs = codecs;
    this.settings = settings;
    this.maxCommandBytes = CommandTooLarge.maxCommandBytes(system.settings().config());
  }

  /**
   * Starts this node's replica of {@code store}, with its settings from the node's configuration
   * ({@code chorus.replication}, overridden by {@code chorus.replication.stores.<store>}).
   *
   * @throws dev.chorus.core.ChorusConfigException naming the key, when a setting is wrong
   */
  public static <C, Q, R> ReplicatedStore<C, Q, R> start(ChorusNode node, String store, List<String> replicas,
      Supplier<? extends StateMachine<C, Q, R>> machine, Codecs<C, Q, R> codecs, LeaderElection election) {
    StoreSettings settings = StoreSettings.forStore(node.system().settings().config(), store);
    return start(node.system(), node.nodeId(), store, replicas, machine, codecs, settings, election);
  }

  /**
   * Starts replica {@code nodeId} of {@code store} on {@code system}.
   *
   * @param replicas every replica's node id, this one's among them, the same on each
   * @param machine makes an empty state machine: once now, and again whenever a failover cuts
   *     records this replica has applied, to replay its log
   * @param election this node's member of the lease group; every replica's node runs one
   * @throws IllegalArgumentException if this node is not among {@code replicas}, or the mode
   *     needs more followers than the store has
   * @throws IllegalStateException if this node already runs a replica of {@code store}
   */
  public static <C, Q, R> ReplicatedStore<C, Q, R> start(ActorSystem<?> system, String nodeId, String store,
      List<String> replicas, Supplier<? extends StateMachine<C, Q, R>> machine, Codecs<C, Q, R> codecs,
      StoreSettings settings, LeaderElection election) {
    Instances.requireName(store, "store");
    Instances.requireName(nodeId, "nodeId");
    if (!replicas.contains(nodeId) || replicas.stream().distinct().count() != replicas.size()) {
      throw new IllegalArgumentException(nodeId + " must be once among the replicas " + replicas + " of store " + store);
    }
    // The core refuses a mode no store of this size can meet; fail here, not in the actor.
    ReplicaCore.recover(nodeId, replicas, settings.replication(), List.of());
    Instances.Started<ReplicaNode.Command> started = RUNNING.start(system, store, nodeId, onStopped -> ReplicaNode.create(
        new ReplicaNode.Spec(store, nodeId, replicas, settings, machine, codecs, election, onStopped)));
    return new ReplicatedStore<>(started, codecs, settings, replicas.size());
  }

  /** The store's name. */
  public String name() {
    return store;
  }

  /** This replica's node id. */
  public String nodeId() {
    return member.nodeId();
  }

  /** The store's settings. */
  public StoreSettings settings() {
    return settings;
  }

  /** Writes {@code command} in the store's mode, in no session. */
  public CompletionStage<Written> write(C command) {
    return write(command, settings.replication().mode(), SessionToken.empty());
  }

  /**
   * Writes {@code command} in {@code mode}, which may only be as strong as the store's or weaker,
   * after everything {@code session} has seen (monotonic writes, writes-follow-reads): if the
   * leader no longer holds that, the write fails with {@code SESSION_LOST}.
   *
   * <p>A command whose bytes exceed what one message between nodes may carry (Artery's frame less
   * 4 KiB, about 252 KiB by default) fails at once with {@link CommandTooLarge}, never written:
   * the same limit as a Raft group's, so that a value that fits one store fits the other.
   *
   * @throws IllegalArgumentException if {@code mode} is stronger than the store's, or the token
   *     is not this kind of store's
   */
  public CompletionStage<Written> write(C command, WriteMode mode, SessionToken session) {
    Objects.requireNonNull(command, "command");
    WriteMode storeMode = settings.replication().mode();
    if (!storeMode.allowsOverride(mode)) {
      throw new IllegalArgumentException("store " + store + " is " + storeMode + "; a write may ask for that or a "
          + "weaker mode, not " + mode);
    }
    Bytes bytes = Bytes.of(codecs.commands().encode(command));
    if (bytes.size() > maxCommandBytes) {
      return CompletableFuture.failedStage(new CommandTooLarge("store " + store, bytes.size(), maxCommandBytes));
    }
    LogPosition position = LogPosition.of(session);
    return ask(replyTo -> new ReplicaNode.Write(bytes, mode, position, replyTo),
        r -> new Written(((Reply.Written) r).offset(), ((Reply.Written) r).position().toToken()));
  }

  /**
   * The consistency levels this store serves, by its mode and size ({@link
   * WriteMode#servedLevels}): every level in the modes that lose no acknowledged write at a
   * failover, up to {@code session} in the others.
   */
  public ServedLevels servedLevels() {
    return servedLevels;
  }

  /**
   * Reads {@code query} at {@code level} (docs/replication.md, "Consistency levels"):
   * <ul>
   *   <li>{@code strong} and {@code causal}: on the leader only, while its lease holds ({@code
   *       NOT_LEADER} with a hint elsewhere);
   *   <li>{@code bounded-staleness(v, lag)}: from this replica if it is at most {@code v} records
   *       behind the high watermark its leader last told it, and heard from that leader at most
   *       {@code lag} ago; otherwise {@code NOT_LEADER}, naming the leader, to read there or wait;
   *       on the leader it is a leader read;
   *   <li>{@code session}: from this replica once it holds everything {@code session} has seen
   *       (otherwise {@code UNAVAILABLE}: retry, or read elsewhere);
   *   <li>{@code consistent-prefix} and {@code eventual}: from this replica as it is, through what
   *       it holds durably and knows to be at the high watermark.
   * </ul>
   *
   * @throws ConsistencyLevelNotSupportedException at once, naming {@link #servedLevels()}, if the
   *     store does not serve {@code level}
   */
  public CompletionStage<Value<R>> read(Q query, ConsistencyLevel level, SessionToken session) {
    servedLevels.require(Objects.requireNonNull(level, "level"));
    LogPosition position = LogPosition.of(session);
    return switch (level.kind()) {
      case STRONG, CAUSAL -> read(query, ReadLevel.STRONG, position, null);
      case BOUNDED_STALENESS -> {
        ConsistencyLevel.BoundedStaleness bound = (ConsistencyLevel.BoundedStaleness) level;
        yield read(query, ReadLevel.EVENTUAL, LogPosition.START,
            new Staleness(Math.min(bound.maxVersions(), Long.MAX_VALUE / 2), settings.ticks(bound.maxLag())));
      }
      case SESSION -> read(query, ReadLevel.SESSION, position, null);
      case CONSISTENT_PREFIX, EVENTUAL -> read(query, ReadLevel.EVENTUAL, position, null);
    };
  }

  /**
   * Reads {@code query} at {@code level} on the leader only ({@code NOT_LEADER} with a hint
   * elsewhere): what the leader holds now. At {@code strong} it is {@link #read}; at a lower
   * ceiling (an {@code ASYNC} store's {@code session}) it sees every write the leader acknowledged
   * so far, of which a later failover may still discard some. The lab's final reads use it to
   * count what a failover lost.
   *
   * @throws ConsistencyLevelNotSupportedException at once if the store does not serve {@code level}
   */
  public CompletionStage<Value<R>> readAtLeader(Q query, ConsistencyLevel level, SessionToken session) {
    servedLevels.require(Objects.requireNonNull(level, "level"));
    return read(query, ReadLevel.STRONG, LogPosition.of(session), null);
  }

  private CompletionStage<Value<R>> read(Q query, ReadLevel level, LogPosition session, Staleness bound) {
    Bytes bytes = Bytes.of(codecs.queries().encode(Objects.requireNonNull(query, "query")));
    return ask(replyTo -> new ReplicaNode.Read(bytes, level, session, bound, replyTo), r -> {
      Reply.Served s = (Reply.Served) r;
      return new Value<>(codecs.results().decode(s.result().toArray()), s.throughOffset(), s.position().toToken());
    });
  }

  /** This replica's status: role, epoch, high watermark, lag in offsets and ticks. */
  public CompletionStage<ReplicaStatus> status() {
    return AskPattern.ask(replica, ReplicaNode.GetStatus::new, settings.requestTimeout(), system.scheduler());
  }

  /**
   * Starts a planned switchover from this replica, which must lead, to {@code target}: it stops
   * taking writes, waits until the target has every record, and hands the lease over; nothing
   * acknowledged is lost. Completes once it has started; watch {@link #status()} for the new leader.
   */
  public CompletionStage<Done> switchover(String target) {
    return ask(replyTo -> new ReplicaNode.Switchover(target, replyTo), r -> Done.getInstance());
  }

  /**
   * The store's change feed, read on this replica ({@link ChangeFeed}): the client writes of its
   * log up to its <em>stable</em> offset, which no failover can cut in any write mode, so a change
   * once delivered is never taken back; a write acknowledged in a mode that may lose it appears
   * only once it is stable (replicated to enough replicas that every failover keeps it). Any
   * replica serves it, leader or not, and a restarted one from its recovered log. The log keeps
   * no records before its last compaction ({@code snapshot-records}): a consumer further behind
   * gets {@link OffsetCompactedException}.
   *
   * @throws IllegalArgumentException if {@code from} or {@code max} is below 1, or {@code wait}
   *     negative or not shorter than the request timeout
   */
  @Override
  public CompletionStage<ChangeBatch<C>> poll(long from, int max, Duration wait) {
    ChangeFeed.checkPoll(from, max, wait, settings.requestTimeout());
    return ask(reply -> new ReplicaNode.PollChanges(from, max, wait.toNanos(), reply), reply -> {
      if (reply instanceof Reply.Compacted c) {
        throw new OffsetCompactedException("store " + store + " on " + member.nodeId(), from, c.firstHeld());
      }
      Reply.Changes changes = (Reply.Changes) reply;
      return ChangeBatch.decode(changes.changes(), changes.next(), codecs.commands());
    });
  }

  /** Half the request timeout, when that is under {@link ChangeFeed#FOLLOW_WAIT}: a poll must wait less. */
  @Override
  public Duration followWait() {
    return ChangeFeed.followWait(settings.requestTimeout());
  }

  /** Stops this replica; completes once it and its log have stopped. Requests in flight end as unknown. */
  public CompletionStage<Done> stop() {
    replica.tell(ReplicaNode.Stop.INSTANCE);
    return member.stopped();
  }

  private <T> CompletionStage<T> ask(Function<ActorRef<Reply>, ReplicaNode.Command> request, Function<Reply, T> onOk) {
    if (member.stopped().isDone()) {
      return CompletableFuture.failedFuture(new StoreRequestException(store, RequestOutcome.UNAVAILABLE, "the replica is stopped"));
    }
    CompletableFuture<T> out = new CompletableFuture<>();
    // Continued on the actor system's dispatcher: Scala's CompletableFuture runs a plain
    // whenComplete on the JDK's common pool, which starts a thread per task on small machines.
    AskPattern.ask(replica, request::apply, settings.requestTimeout(), system.scheduler()).whenCompleteAsync((reply, failure) -> {
      if (failure != null) {
        out.completeExceptionally(unwrap(failure));
      } else if (reply instanceof Reply.Refused no) {
        out.completeExceptionally(new StoreRequestException(store, no.outcome(), no.detail()));
      } else if (reply instanceof Reply.Rejected no) {
        out.completeExceptionally(new IllegalArgumentException("store " + store + ": " + no.reason()));
      } else {
        try {
          out.complete(onOk.apply(reply));
        } catch (RuntimeException e) {
          out.completeExceptionally(e);
        }
      }
    }, system.executionContext());
    return out;
  }

  private Throwable unwrap(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return cause instanceof TimeoutException
        ? new StoreRequestException(store, RequestOutcome.UNKNOWN, "no answer within " + settings.requestTimeout()) : cause;
  }

  @Override
  public String toString() {
    return "ReplicatedStore[" + store + " on " + member.nodeId() + "]";
  }
}
