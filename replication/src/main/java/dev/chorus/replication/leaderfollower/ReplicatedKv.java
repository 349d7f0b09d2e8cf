package dev.chorus.replication.leaderfollower;

import dev.chorus.consensus.election.LeaderElection;
import dev.chorus.core.ChorusNode;
import dev.chorus.core.kv.KvCodecs;
import dev.chorus.core.kv.KvCommand;
import dev.chorus.core.kv.KvResult;
import dev.chorus.core.kv.KvStateMachine;
import dev.chorus.core.spi.Codecs;
import java.util.List;

/**
 * A leader-follower replicated key-value store: string keys to string values, each with the log
 * offset of the write that set it ({@link KvStateMachine}, the same machine as the Raft KV's), so
 * the two can be compared under the same load.
 */
public final class ReplicatedKv {
  /** The store's codecs. */
  public static final Codecs<KvCommand, String, KvResult> CODECS =
      new Codecs<>(KvCodecs.COMMANDS, KvCodecs.QUERIES, KvCodecs.RESULTS);

  private ReplicatedKv() {}

  /**
   * Starts this node's replica of the key-value store {@code store}, with its settings from the
   * node's configuration ({@code chorus.replication.stores.<store>} over {@code chorus.replication}).
   */
  public static ReplicatedStore<KvCommand, String, KvResult> start(ChorusNode node, String store,
      List<String> replicas, LeaderElection election) {
    return ReplicatedStore.start(node, store, replicas, KvStateMachine::new, CODECS, election);
  }
}
