package dev.chorus.consensus;

import com.typesafe.config.Config;
import dev.chorus.consensus.internal.RaftNode;
import dev.chorus.consensus.internal.RaftNode.Response;
import dev.chorus.core.Bytes;
import dev.chorus.core.CommandTooLarge;
import dev.chorus.core.ConsistencyLevel;
import dev.chorus.core.ServedLevels;
import dev.chorus.core.feed.ChangeBatch;
import dev.chorus.core.feed.ChangeFeed;
import dev.chorus.core.host.Instances;
import dev.chorus.core.feed.OffsetCompactedException;
import dev.chorus.core.spi.Codecs;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * This node's member of one named Raft group: a replicated state machine that applies the same
 * commands in the same order on every member (Raft §2). Obtained from {@link RaftGroups}.
 *
 * <p>Every method returns at once; its stage completes on a Pekko thread, never later than the
 * request timeout ({@code chorus.consensus.request-timeout}). A stage that fails, fails with one
 * of:
 * <ul>
 *   <li>{@link NotLeader}: this member does not lead, or the command was overwritten by a new
 *       leader. <b>Certainly not applied</b>; retry at {@link NotLeader#leaderHint()}.
 *   <li>{@link Unavailable}: no leader is known, or this member is stopped. <b>Certainly not
 *       applied</b>; retry later.
 *   <li>{@link Timeout}: no answer in time, or the member stopped while waiting. <b>The outcome is
 *       unknown</b>: the command may have been applied, or may be applied later.
 * </ul>
 *
 * <p>Thread-safe; a handle is cheap and may be shared.
 *
 * @param <C> commands, which change the state
 * @param <Q> queries, which read it
 * @param <R> results of both
 */
public final class RaftGroup<C, Q, R> implements ChangeFeed<C> {
  private final Instances.Started<RaftNode.Command> member;
  private final ActorRef<RaftNode.Command> node;
  private final ActorSystem<?> system;
  private final Codecs<C, Q, R> codecs;
  private final Duration askTimeout;
  private final Duration requestTimeout;
  private final Map<CompletableFuture<Response>, Pending> pending = new ConcurrentHashMap<>();

  private final long maxCommandBytes;
  private final ReadPath strongReads;

  /** How often the group looks for local requests that its member has not answered in time. */
  private static final Duration GUARD_INTERVAL = Duration.ofSeconds(1);

  /**
   * A local request not yet answered: by when the member must have answered ({@link
   * System#nanoTime}), and the answer it gets if the member stops first.
   */
  private record Pending(long deadline, Response ifStopped) {}

  RaftGroup(Instances.Started<RaftNode.Command> member, Codecs<C, Q, R> codecs, RaftGroupSettings settings) {
    this.member = member;
    this.node = member.ref();
    this.system = member.system();
    this.codecs = codecs;
    this.requestTimeout = settings.requestTimeout();
    this.strongReads = settings.strongReads();
    this.maxCommandBytes = maxCommandBytes(system.settings().config());
    // The member answers every request by its own deadline, or when it stops (what is still in its
    // mailbox then is answered below). This bound only guards against a member that never answers
    // (a recovery that does not finish, a bug).
    this.askTimeout = settings.requestTimeout().plus(settings.tickInterval().multipliedBy(2)).plusSeconds(1);
    // One timer per group for local requests, not one per request as an ask has: those cost the
    // leader about 5 % of its time at 256 readers.
    Cancellable guard = system.scheduler().scheduleAtFixedRate(GUARD_INTERVAL, GUARD_INTERVAL, this::expire,
        system.executionContext());
    member.stopped().whenComplete((done, failure) -> {
      guard.cancel();
      pending.forEach((answer, p) -> answer.complete(p.ifStopped()));
    });
  }

  /** The group's name. */
  public String name() {
    return member.instance();
  }

  /** This member's node id. */
  public String nodeId() {
    return member.nodeId();
  }

  /**
   * Submits {@code command} for the log. On the leader it is appended, replicated, and applied
   * on every member once a majority holds it (§5.3); the stage completes with the result of
   * applying it here, exactly once. Fails with {@link NotLeader} on a follower, and with an
   * {@link IllegalArgumentException} when the state machine refused the command (threw), or at
   * once with {@link CommandTooLarge}, never appended, when its bytes exceed what one message between nodes may carry
   * (Artery's {@code maximum-frame-size} less 4 KiB: about 252 KiB by default).
   */
  public CompletionStage<R> submit(C command) {
    Bytes bytes = Bytes.of(codecs.commands().encode(Objects.requireNonNull(command, "command")));
    if (bytes.size() > maxCommandBytes) {
      // Appended, it would go to the followers in an AppendEntries that Artery drops, on every
      // retry: the group would commit nothing after it, ever (etcd refuses such a request too).
      return CompletableFuture.failedStage(new CommandTooLarge("group " + name(), bytes.size(), maxCommandBytes));
    }
    return local(reply -> new RaftNode.LocalSubmit(bytes, reply), new Response.Unknown("the member stopped"),
        this::result);
  }

  /**
   * The group's change feed, read on this member ({@link ChangeFeed}): the commands it has applied,
   * by log index. Any member serves it, leader or not, and a restarted member serves it from its
   * recovered log; offsets compacted into a snapshot fail with {@link OffsetCompactedException}.
   *
   * @throws IllegalArgumentException if {@code from} is below 1, {@code max} below 1, or {@code wait}
   *     negative or not shorter than the group's request timeout
   */
  @Override
  public CompletionStage<ChangeBatch<C>> poll(long from, int max, Duration wait) {
    ChangeFeed.checkPoll(from, max, wait, requestTimeout);
    return local(reply -> new RaftNode.LocalPollChanges(from, max, wait.toNanos(), reply),
        new Response.Unavailable("the member stopped"), r -> changes(r, from));
  }

  /** Half the request timeout, when that is under {@link ChangeFeed#FOLLOW_WAIT}: a poll must wait less. */
  @Override
  public Duration followWait() {
    return ChangeFeed.followWait(requestTimeout);
  }

  private ChangeBatch<C> changes(Response r, long from) {
    if (r instanceof Response.Compacted c) {
      throw new OffsetCompactedException("raft group " + name() + " on " + nodeId(), from, c.firstHeld());
    }
    Response.Changes changes = (Response.Changes) r;
    return ChangeBatch.decode(changes.changes(), changes.next(), codecs.commands());
  }

  /** The largest command a group can replicate under {@code config}'s Artery frame. */
  static long maxCommandBytes(Config config) {
    return CommandTooLarge.maxCommandBytes(config);
  }

  /**
   * The consistency levels this group serves: all of them, since ReadIndex is linearizable
   * (docs/architecture.md, "The consistency vocabulary").
   */
  public ServedLevels servedLevels() {
    return ServedLevels.ALL;
  }

  /**
   * Answers {@code query} from the state machine at {@code level}: {@code consistent-prefix} and
   * {@code eventual} from this member's state machine as it is ({@link ReadPath#LOCAL}), never
   * failing for want of a leader; every stronger level by the group's {@linkplain
   * RaftGroupSettings#strongReads strong-read path} (ReadIndex by default, or the lease), on the
   * leader only ({@link NotLeader} elsewhere). A query that throws fails the stage with an {@link
   * IllegalArgumentException}.
   */
  public CompletionStage<R> query(Q query, ConsistencyLevel level) {
    return query(query, level, ReadPath.serving(Objects.requireNonNull(level, "level"), strongReads));
  }

  /**
   * Answers {@code query} at {@code level} by {@code path}: {@link ReadPath#READ_INDEX} and
   * {@link ReadPath#LEASE} only on the leader ({@link NotLeader} elsewhere), {@link
   * ReadPath#FOLLOWER} on any member while a leader is known, {@link ReadPath#LOCAL} always.
   *
   * @throws IllegalArgumentException at once if {@code path} does not keep {@code level} (a local
   *     read for a strong one)
   */
  public CompletionStage<R> query(Q query, ConsistencyLevel level, ReadPath path) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(path, "path");
    servedLevels().require(Objects.requireNonNull(level, "level"));
    path.requireKeeps(level);
    // The member is on this node: the query and its result need no bytes (a 1 KiB value was
    // encoded and decoded again for every read, a fifth of the leader's time at 256 readers).
    return local(reply -> new RaftNode.LocalQuery(query, path, reply),
        new Response.Unavailable("the member stopped"), this::served);
  }

  /**
   * Hands leadership from this member, which must lead, to the voter {@code target} (thesis
   * §3.10); completes once this member sees {@code target} lead. Meanwhile submits fail with
   * {@link NotLeader} naming {@code target}. Fails with {@link IllegalArgumentException} if
   * {@code target} is not another voter, or {@link Timeout} if the transfer did not finish.
   */
  public CompletionStage<Done> transferLeadership(String target) {
    return ask(replyTo -> new RaftNode.TransferLeadership(target, replyTo), r -> Done.getInstance(),
        IllegalArgumentException::new);
  }

  /**
   * Makes one single-server membership change (thesis §4.1) from this member, which must lead;
   * completes with the new configuration once it is applied here. A member being added must be
   * started first with {@link RaftGroups#join}. Fails with {@link MembershipChangeRejected} when
   * the rules forbid the change now (another change in progress, no entry of the leader's term
   * committed yet, or it does not apply).
   */
  public CompletionStage<Membership> changeMembership(MembershipChange change) {
    return ask(replyTo -> new RaftNode.ChangeMembership(change.kind(), change.node(), replyTo), r -> {
      RaftNode.Response.Configured c = (RaftNode.Response.Configured) r;
      return new Membership(c.voters(), c.learners());
    }, MembershipChangeRejected::new);
  }

  /** This member's view of the group now; {@link Unavailable} once it is stopped. */
  public CompletionStage<RaftMetrics> metrics() {
    if (member.stopped().isDone()) {
      return CompletableFuture.failedFuture(new Unavailable(name(), "the member is stopped"));
    }
    CompletableFuture<RaftMetrics> out = new CompletableFuture<>();
    AskPattern.<RaftNode.Command, RaftMetrics>ask(node, RaftNode.GetMetrics::new, askTimeout, system.scheduler())
        .whenCompleteAsync((metrics, failure) -> {
          if (failure != null) {
            out.completeExceptionally(unwrap(failure));
          } else {
            out.complete(metrics);
          }
        }, system.executionContext());
    return out;
  }

  /**
   * Stops this member; the stage completes once it and its log have stopped, after which the
   * same group may be started again on this node. Requests in flight complete as {@link Timeout}
   * (commands) or {@link Unavailable} (the rest).
   */
  public CompletionStage<Done> stop() {
    node.tell(RaftNode.Stop.INSTANCE);
    return member.stopped();
  }

  /** Completes once this member has stopped, for whatever reason. */
  public CompletionStage<Done> whenStopped() {
    return member.stopped();
  }

  @SuppressWarnings("unchecked") // the member's machine is this group's StateMachine<C, Q, R>
  private R served(Response r) {
    return (R) ((Response.Served) r).result();
  }

  private R result(Response r) {
    return codecs.results().decode(((Response.Ok) r).result().toArray());
  }

  /**
   * Sends the member a request that it answers by calling back ({@link RaftNode.LocalSubmit},
   * {@link RaftNode.LocalQuery}); {@code ifStopped} answers it if the member stops first. A
   * refused command or query fails with an {@link IllegalArgumentException}.
   */
  private <T> CompletionStage<T> local(Function<Consumer<Response>, RaftNode.Command> request, Response ifStopped,
      Function<Response, T> onOk) {
    if (member.stopped().isDone()) {
      return CompletableFuture.failedFuture(new Unavailable(name(), "the member is stopped"));
    }
    CompletableFuture<Response> answer = new CompletableFuture<>();
    pending.put(answer, new Pending(System.nanoTime() + askTimeout.toNanos(), ifStopped));
    if (member.stopped().isDone()) {
      answer.complete(ifStopped); // stopped meanwhile, perhaps after the stop answered what was pending
    } else {
      node.tell(request.apply(answer::complete));
    }
    CompletableFuture<T> out = new CompletableFuture<>();
    // The member completes the answer on its own thread; the rest runs on the dispatcher.
    answer.whenCompleteAsync((response, failure) -> {
      pending.remove(answer);
      settle(out, response, failure, onOk, IllegalArgumentException::new);
    }, system.executionContext());
    return out;
  }

  /** A member that has not answered by the deadline will not: the outcome is unknown. */
  private void expire() {
    long now = System.nanoTime();
    pending.forEach((answer, p) -> {
      if (now - p.deadline() > 0) {
        answer.completeExceptionally(Timeout.after(name(), requestTimeout));
      }
    });
  }

  private <T> CompletionStage<T> ask(Function<ActorRef<Response>, RaftNode.Command> request,
      Function<Response, T> onOk, Function<String, RuntimeException> onRejected) {
    if (member.stopped().isDone()) {
      return CompletableFuture.failedFuture(new Unavailable(name(), "the member is stopped"));
    }
    CompletableFuture<T> out = new CompletableFuture<>();
    // The ask's stage is Scala's CompletableFuture, whose plain whenComplete runs on the JDK's
    // default async executor: with fewer than 3 cores that starts a new thread for every answer.
    // The actor system's dispatcher is named explicitly instead.
    AskPattern.ask(node, request::apply, askTimeout, system.scheduler()).whenCompleteAsync(
        (response, failure) -> settle(out, response, failure, onOk, onRejected), system.executionContext());
    return out;
  }

  /** Completes {@code out} from the member's answer (or the failure to get one). */
  private <T> void settle(CompletableFuture<T> out, Response response, Throwable failure,
      Function<Response, T> onOk, Function<String, RuntimeException> onRejected) {
    if (failure != null) {
      out.completeExceptionally(unwrap(failure));
    } else if (response instanceof Response.NotLeader n) {
      out.completeExceptionally(new NotLeader(name(), n.leaderHint()));
    } else if (response instanceof Response.Unavailable u) {
      out.completeExceptionally(new Unavailable(name(), u.reason()));
    } else if (response instanceof Response.Unknown u) {
      out.completeExceptionally(new Timeout(name(), u.reason()));
    } else if (response instanceof Response.Rejected r) {
      out.completeExceptionally(onRejected.apply(r.reason()));
    } else {
      try {
        out.complete(onOk.apply(response));
      } catch (RuntimeException e) {
        out.completeExceptionally(e);
      }
    }
  }

  /** An ask that timed out means the member did not answer: the outcome is unknown. */
  private Throwable unwrap(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return cause instanceof TimeoutException ? Timeout.after(name(), requestTimeout) : cause;
  }

  @Override
  public String toString() {
    return "RaftGroup[" + name() + " on " + nodeId() + "]";
  }
}
