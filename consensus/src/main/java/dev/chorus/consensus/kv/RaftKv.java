package dev.chorus.consensus.kv;

import dev.chorus.consensus.RaftGroup;
import dev.chorus.consensus.RaftGroupSettings;
import dev.chorus.consensus.RaftGroups;
import dev.chorus.consensus.ReadPath;
import dev.chorus.core.ChorusNode;
import dev.chorus.core.ConsistencyLevel;
import dev.chorus.core.kv.KvCodecs;
import dev.chorus.core.kv.KvCommand;
import dev.chorus.core.kv.KvResult;
import dev.chorus.core.kv.KvStateMachine;
import dev.chorus.core.spi.Codecs;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * A linearizable key-value store on one Raft group: puts, deletes and compare-and-sets go
 * through the log; a get is served at the {@link ConsistencyLevel} the caller asks for, by the
 * group's default path or the {@link ReadPath} the caller names (ReadIndex, lease, follower, or a
 * local read). Failures are those of {@link RaftGroup}:
 * {@code NotLeader} and {@code Unavailable} mean certainly not applied, {@code Timeout} means
 * unknown.
 */
public final class RaftKv {
  /** The group's default name. */
  public static final String GROUP = "kv";

  private static final Codecs<KvCommand, String, KvResult> CODECS =
      new Codecs<>(KvCodecs.COMMANDS, KvCodecs.QUERIES, KvCodecs.RESULTS);

  private final RaftGroup<KvCommand, String, KvResult> group;

  private RaftKv(RaftGroup<KvCommand, String, KvResult> group) {
    this.group = group;
  }

  /** Starts this node's member of the store, one of its founding {@code members}. */
  public static RaftKv start(ChorusNode node, Set<String> members, RaftGroupSettings settings) {
    return new RaftKv(RaftGroups.start(node, GROUP, members, KvStateMachine::new, CODECS, settings));
  }

  /** The Raft group underneath, for metrics, transfers and membership changes. */
  public RaftGroup<KvCommand, String, KvResult> group() {
    return group;
  }

  /** The value of {@code key} (null when absent) and the version that wrote it. */
  public CompletionStage<KvResult.Value> get(String key, ConsistencyLevel level) {
    return group.query(key, level).thenApply(KvResult.Value.class::cast);
  }

  /** The value of {@code key} at {@code level}, read by {@code path}. */
  public CompletionStage<KvResult.Value> get(String key, ConsistencyLevel level, ReadPath path) {
    return group.query(key, level, path).thenApply(KvResult.Value.class::cast);
  }

  /** Sets {@code key}; completes with the version (log index) of the write. */
  public CompletionStage<KvResult.Written> put(String key, String value) {
    return group.submit(new KvCommand.Put(key, value)).thenApply(KvResult.Written.class::cast);
  }

  /** Removes {@code key}. */
  public CompletionStage<KvResult.Written> delete(String key) {
    return group.submit(new KvCommand.Delete(key)).thenApply(KvResult.Written.class::cast);
  }

  /** Sets {@code key} to {@code value} if it holds {@code expected} (null: absent). */
  public CompletionStage<KvResult.CasResult> compareAndSet(String key, String expected, String value) {
    return group.submit(new KvCommand.CompareAndSet(key, expected, value)).thenApply(KvResult.CasResult.class::cast);
  }
}
