package dev.chorus.replication.leaderfollower;

import java.util.List;

/** What replicas send each other. Every message carries the sender's epoch: the fence. */
public sealed interface ReplicaMessage {
  /** The sender's epoch. */
  long epoch();

  /**
   * The leader's records after {@code prevOffset} (none for a heartbeat), and its high watermark.
   */
  record Replicate(long epoch, long prevOffset, List<LogRecord> records, long highWatermark)
      implements ReplicaMessage {
    /** Copies. */
    public Replicate {
      records = List.copyOf(records);
    }
  }

  /** A follower has every record up to {@code durableOffset} durably, as in the leader's log. */
  record Ack(long epoch, long durableOffset) implements ReplicaMessage {}

  /** A follower asks where its last epoch ends in the leader's log (KIP-101). */
  record EpochQuery(long epoch, long lastEpoch) implements ReplicaMessage {}

  /** The leader's answer. */
  record EpochAnswer(long epoch, EpochLog.EpochEnd end) implements ReplicaMessage {}

  /** The receiver knows a newer epoch: the sender is deposed (its writes are fenced off). */
  record StaleEpoch(long epoch) implements ReplicaMessage {}
}
