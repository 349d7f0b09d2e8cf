package dev.chorus.replication.leaderfollower.protocol;

import java.util.List;

/** What replicas send each other. Every message carries the sender's epoch: the fence. */
public sealed interface ReplicaMessage {
  /** The sender's epoch. */
  long epoch();

  /**
   * The leader's records after {@code prevOffset} (none for a heartbeat), and its high watermark.
   * {@code seq} counts the leader's Replicate messages in its epoch, so that a follower can tell a
   * fresh one from a late duplicate when it judges its own staleness. {@code stableOffset} is how
   * far the log is stable: no failover can cut it, so replicas may compact it.
   */
  record Replicate(long epoch, long prevOffset, List<LogRecord> records, long highWatermark, long seq,
      long stableOffset) implements ReplicaMessage {
    /** Copies. */
    public Replicate {
      records = List.copyOf(records);
    }
  }

  /**
   * The leader's snapshot, for a follower (or a recovering leader) that needs records the sender
   * has compacted away: it replaces the receiver's log, which then goes on from its offset.
   */
  record InstallSnapshot(long epoch, StoreSnapshot snapshot) implements ReplicaMessage {}

  /** A follower has every record up to {@code durableOffset} durably, as in the leader's log. */
  record Ack(long epoch, long durableOffset) implements ReplicaMessage {}

  /** A follower asks where its last epoch ends in the leader's log (KIP-101). */
  record EpochQuery(long epoch, long lastEpoch) implements ReplicaMessage {}

  /** The leader's answer. */
  record EpochAnswer(long epoch, EpochLog.EpochEnd end) implements ReplicaMessage {}

  /** The receiver knows a newer epoch: the sender is deposed (its writes are fenced off). */
  record StaleEpoch(long epoch) implements ReplicaMessage {}

  /**
   * The holder of the lease for {@code epoch} asks every replica to refuse older epochs from now
   * on, durably, and to say how far its log goes.
   */
  record Fence(long epoch) implements ReplicaMessage {}

  /** The answer to a fence: the replica's log ends at {@code lastOffset}, in {@code lastEpoch}. */
  record Fenced(long epoch, long lastEpoch, long lastOffset) implements ReplicaMessage {}

  /**
   * A planned switchover: the leader has stopped taking writes, the receiver has every record,
   * and the leader has released the lease; the receiver should ask for it now.
   */
  record TakeOver(long epoch) implements ReplicaMessage {}

  /** A recovering leader asks the most advanced replica for its records after {@code afterOffset}. */
  record Fetch(long epoch, long afterOffset) implements ReplicaMessage {}

  /** The answer to a fetch: the records after {@code afterOffset}, at most a batch. */
  record Records(long epoch, long afterOffset, List<LogRecord> records) implements ReplicaMessage {
    /** Copies. */
    public Records {
      records = List.copyOf(records);
    }
  }
}
