package dev.chorus.consensus.kv;

import dev.chorus.consensus.RaftGroup;
import dev.chorus.consensus.RaftGroupSettings;
import dev.chorus.consensus.RaftGroups;
import dev.chorus.consensus.ReadPath;
import dev.chorus.consensus.session.ClientSequence;
import dev.chorus.consensus.session.SessionCodecs;
import dev.chorus.consensus.session.SessionCommand;
import dev.chorus.consensus.session.SessionMachine;
import dev.chorus.consensus.session.SessionOutcome;
import dev.chorus.core.ChorusNode;
import dev.chorus.core.ConsistencyLevel;
import dev.chorus.core.feed.ChangeBatch;
import dev.chorus.core.feed.ChangeFeed;
import dev.chorus.core.kv.KvCodecs;
import dev.chorus.core.kv.KvCommand;
import dev.chorus.core.kv.KvResult;
import dev.chorus.core.kv.KvStateMachine;
import dev.chorus.core.spi.Codecs;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * A linearizable key-value store on one Raft group: puts, deletes, appends and compare-and-sets
 * go through the log; a get is served at the {@link ConsistencyLevel} the caller asks for, by the
 * group's default path or the {@link ReadPath} the caller names (ReadIndex, lease, follower, or a
 * local read). Failures are those of {@link RaftGroup}: {@code NotLeader} and {@code Unavailable}
 * mean certainly not applied, {@code Timeout} means unknown.
 *
 * <p><b>Exactly once.</b> A write retried after a {@code Timeout} may apply twice, unless it is
 * sent in a client session ({@link #openSession}, {@link #write(KvCommand, ClientSequence)}): the
 * group's state machine is wrapped in a {@link SessionMachine} (thesis §6.3), which applies each
 * sequence number of a session once, across retries and leader changes, and answers a retry with
 * the first answer. Sessions expire after their TTL of silence, measured by the leaders' clocks.
 * The log and snapshots of a store that ran before sessions stay readable ({@link
 * SessionCodecs#overBareLog}).
 */
public final class RaftKv {
  /** The group's default name. */
  public static final String GROUP = "kv";

  /** How long a session may stay silent before it expires, unless the store is started with another. */
  public static final Duration DEFAULT_SESSION_TTL = Duration.ofMinutes(2);

  private static final Codecs<KvCommand, String, KvResult> KV =
      new Codecs<>(KvCodecs.COMMANDS, KvCodecs.QUERIES, KvCodecs.RESULTS);
  private static final Codecs<SessionCommand, String, SessionOutcome<KvResult>> CODECS = SessionCodecs.overBareLog(KV);

  private final RaftGroup<SessionCommand, String, SessionOutcome<KvResult>> group;
  private final Duration sessionTtl;

  private RaftKv(RaftGroup<SessionCommand, String, SessionOutcome<KvResult>> group, Duration sessionTtl) {
    this.group = group;
    this.sessionTtl = sessionTtl;
  }

  /** Starts this node's member of the store, one of its founding {@code members}. */
  public static RaftKv start(ChorusNode node, Set<String> members, RaftGroupSettings settings) {
    return start(node, members, settings, DEFAULT_SESSION_TTL);
  }

  /**
   * As {@link #start(ChorusNode, Set, RaftGroupSettings)}, with sessions that expire after
   * {@code sessionTtl} of silence. Every member must use the same TTL.
   */
  public static RaftKv start(ChorusNode node, Set<String> members, RaftGroupSettings settings, Duration sessionTtl) {
    long ttl = sessionTtl.toMillis();
    if (ttl <= 0) {
      throw new IllegalArgumentException("a session TTL is positive, got " + sessionTtl);
    }
    return new RaftKv(RaftGroups.start(node, GROUP, members,
        () -> new SessionMachine<>(new KvStateMachine(), KV, ttl), CODECS, settings), sessionTtl);
  }

  /** The Raft group underneath, for metrics, transfers and membership changes. */
  public RaftGroup<SessionCommand, String, SessionOutcome<KvResult>> group() {
    return group;
  }

  /** How long a session may stay silent before it expires. */
  public Duration sessionTtl() {
    return sessionTtl;
  }

  /** The value of {@code key} (null when absent) and the version that wrote it. */
  public CompletionStage<KvResult.Value> get(String key, ConsistencyLevel level) {
    return group.query(key, level).thenApply(RaftKv::value);
  }

  /** The value of {@code key} at {@code level}, read by {@code path}. */
  public CompletionStage<KvResult.Value> get(String key, ConsistencyLevel level, ReadPath path) {
    return group.query(key, level, path).thenApply(RaftKv::value);
  }

  /** Sets {@code key}; completes with the version (log index) of the write. */
  public CompletionStage<KvResult.Written> put(String key, String value) {
    return plain(new KvCommand.Put(key, value)).thenApply(KvResult.Written.class::cast);
  }

  /** Removes {@code key}. */
  public CompletionStage<KvResult.Written> delete(String key) {
    return plain(new KvCommand.Delete(key)).thenApply(KvResult.Written.class::cast);
  }

  /** Appends {@code element} to the list {@code key} holds ({@link KvCommand.Append}). */
  public CompletionStage<KvResult.Written> append(String key, String element) {
    return plain(new KvCommand.Append(key, element)).thenApply(KvResult.Written.class::cast);
  }

  /** Sets {@code key} to {@code value} if it holds {@code expected} (null: absent). */
  public CompletionStage<KvResult.CasResult> compareAndSet(String key, String expected, String value) {
    return plain(new KvCommand.CompareAndSet(key, expected, value)).thenApply(KvResult.CasResult.class::cast);
  }

  /** Applies {@code command} outside any session: a retry after a timeout may apply it twice. */
  public CompletionStage<KvResult> write(KvCommand command) {
    return plain(command);
  }

  /**
   * Opens a client session; completes with its client id, to send in every {@link
   * ClientSequence}.
   */
  public CompletionStage<Long> openSession() {
    return group.submit(new SessionCommand.Register())
        .thenApply(o -> ((SessionOutcome.Registered<KvResult>) o).clientId());
  }

  /**
   * Applies {@code command} in a session, at most once per sequence number: {@link
   * SessionOutcome.Applied} the first time, {@link SessionOutcome.Duplicate} with the first answer
   * for a retry, {@link SessionOutcome.SessionExpired} (not applied) once the session expired,
   * {@link SessionOutcome.AlreadyAcknowledged} (not applied again) for a retry of a sequence number
   * the client said it had seen answered.
   */
  public CompletionStage<SessionOutcome<KvResult>> write(KvCommand command, ClientSequence sequence) {
    return group.submit(sequence.invoke(KvCodecs.COMMANDS.encode(command)));
  }

  /**
   * The store's change feed: every committed write, by log index, on this member ({@link
   * RaftGroup#poll}). Session registrations are passed over; a write retried in a session appears
   * once per entry the retry made, though it took effect once.
   */
  public ChangeFeed<KvCommand> changes() {
    return new ChangeFeed<>() {
      @Override
      public CompletionStage<ChangeBatch<KvCommand>> poll(long from, int max, Duration wait) {
        return group.poll(from, max, wait).thenApply(batch -> batch.map(RaftKv::userCommand));
      }

      @Override
      public Duration followWait() {
        return group.followWait();
      }
    };
  }

  /** The user's command inside a session entry, or null for a registration. */
  private static KvCommand userCommand(SessionCommand c) {
    if (c instanceof SessionCommand.Plain p) {
      return KvCodecs.COMMANDS.decode(p.command());
    }
    return c instanceof SessionCommand.Invoke i ? KvCodecs.COMMANDS.decode(i.command()) : null;
  }

  private CompletionStage<KvResult> plain(KvCommand command) {
    return group.submit(new SessionCommand.Plain(KvCodecs.COMMANDS.encode(command))).thenApply(RaftKv::applied);
  }

  private static KvResult.Value value(SessionOutcome<KvResult> o) {
    return (KvResult.Value) applied(o);
  }

  private static KvResult applied(SessionOutcome<KvResult> o) {
    return ((SessionOutcome.Applied<KvResult>) o).result();
  }
}
