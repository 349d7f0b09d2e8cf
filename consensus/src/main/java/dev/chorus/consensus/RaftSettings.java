package dev.chorus.consensus;

/**
 * The knobs of one Raft group, in ticks (the core never reads a clock).
 *
 * @param electionTicks the least election timeout; each timeout is drawn from
 *     [electionTicks, 2 * electionTicks) so that split votes resolve (§5.2)
 * @param heartbeatTicks how often a leader sends heartbeats; well below electionTicks (§5.6)
 * @param maxInflight how many AppendEntries may be outstanding per follower (pipelining)
 * @param maxBatchEntries the most entries in one AppendEntries
 * @param maxBatchBytes the most command bytes in one AppendEntries (at least one entry is sent)
 * @param preVote whether a node asks for pre-votes before raising its term (thesis §9.6)
 * @param checkQuorum whether a leader steps down when it has not heard from a quorum within an
 *     election timeout, and voters ignore vote requests while they hear from a leader (§4.2.3)
 * @param commandSize how command bytes are counted
 * @param leaseMarginTicks how much shorter than the least election timeout a leader's read lease
 *     is, to cover ticks running at different rates on different nodes (clock drift); must be
 *     below electionTicks
 * @param snapshotEntries how many applied entries past the last snapshot make the host take a
 *     new one and compact the log (§7)
 * @param snapshotChunkBytes the most snapshot bytes in one InstallSnapshot message
 * @param retainedEntries how many applied entries before a new snapshot's index the log keeps in
 *     memory, for change-feed consumers and followers a little behind (etcd's
 *     SnapshotCatchUpEntries); a restarted member holds only the entries after its snapshot
 */
public record RaftSettings(
    int electionTicks,
    int heartbeatTicks,
    int maxInflight,
    int maxBatchEntries,
    long maxBatchBytes,
    boolean preVote,
    boolean checkQuorum,
    CommandSize commandSize,
    int leaseMarginTicks,
    long snapshotEntries,
    int snapshotChunkBytes,
    long retainedEntries) {
  /** Validates. */
  public RaftSettings {
    if (heartbeatTicks < 1 || electionTicks <= heartbeatTicks) {
      throw new IllegalArgumentException("need 1 <= heartbeatTicks < electionTicks, got "
          + heartbeatTicks + " and " + electionTicks);
    }
    if (maxInflight < 1 || maxBatchEntries < 1 || maxBatchBytes < 1) {
      throw new IllegalArgumentException("maxInflight, maxBatchEntries and maxBatchBytes must be positive");
    }
    if (leaseMarginTicks < 0 || leaseMarginTicks >= electionTicks) {
      throw new IllegalArgumentException("need 0 <= leaseMarginTicks < electionTicks, got " + leaseMarginTicks);
    }
    if (snapshotEntries < 1 || snapshotChunkBytes < 1) {
      throw new IllegalArgumentException("snapshotEntries and snapshotChunkBytes must be positive");
    }
    if (retainedEntries < 0) {
      throw new IllegalArgumentException("retainedEntries must not be negative, got " + retainedEntries);
    }
  }

  /**
   * Election after 10 to 20 ticks, heartbeat every tick, pre-vote and check-quorum on, leases
   * 3 ticks shorter than the least election timeout (30 % drift between two nodes' tick rates),
   * a snapshot every 10,000 entries, sent in 1 MiB chunks, 5,000 entries kept before it.
   */
  public static RaftSettings defaults() {
    return new RaftSettings(10, 1, 16, 64, 1 << 20, true, true, CommandSize.FIXED, 3, 10_000, 1 << 20, 5_000);
  }

  /** These settings with snapshots every {@code entries} entries, in chunks of {@code chunkBytes}. */
  public RaftSettings withSnapshots(long entries, int chunkBytes) {
    return new RaftSettings(electionTicks, heartbeatTicks, maxInflight, maxBatchEntries, maxBatchBytes,
        preVote, checkQuorum, commandSize, leaseMarginTicks, entries, chunkBytes, retainedEntries);
  }

  /** These settings with command bytes counted by {@code size}, for batching by bytes. */
  public RaftSettings withCommandSize(CommandSize size) {
    return new RaftSettings(electionTicks, heartbeatTicks, maxInflight, maxBatchEntries, maxBatchBytes,
        preVote, checkQuorum, size, leaseMarginTicks, snapshotEntries, snapshotChunkBytes, retainedEntries);
  }

  /** These settings with check-quorum (and so lease reads) on or off. */
  public RaftSettings withCheckQuorum(boolean on) {
    return new RaftSettings(electionTicks, heartbeatTicks, maxInflight, maxBatchEntries, maxBatchBytes,
        preVote, on, commandSize, leaseMarginTicks, snapshotEntries, snapshotChunkBytes, retainedEntries);
  }

  /** These settings keeping {@code entries} entries before each new snapshot's index. */
  public RaftSettings withRetainedEntries(long entries) {
    return new RaftSettings(electionTicks, heartbeatTicks, maxInflight, maxBatchEntries, maxBatchBytes,
        preVote, checkQuorum, commandSize, leaseMarginTicks, snapshotEntries, snapshotChunkBytes, entries);
  }
}
