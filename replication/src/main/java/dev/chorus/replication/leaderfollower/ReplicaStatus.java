package dev.chorus.replication.leaderfollower;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One replica's view of the store, for metrics and the HTTP status endpoint: replication lag in
 * offsets and in this replica's ticks (its host turns ticks into time).
 *
 * @param replica this replica's id
 * @param role its part now
 * @param epoch the newest epoch it knows
 * @param leader the leader it knows of, or null
 * @param lastOffset the last offset in its log, durable or not
 * @param highWatermark the highest offset it knows to have the durability its mode requires
 * @param servableOffset how far it serves reads at {@code eventual}
 * @param lagOffsets on a follower, how many offsets it serves below the leader's last known high
 *     watermark; 0 on the leader
 * @param ticksSinceLeader on a follower, ticks since its freshest message from the leader (-1 if
 *     none this epoch); 0 on the leader
 * @param followers on the leader, each follower's progress; empty elsewhere
 * @param lostAcknowledged acknowledged writes this replica discarded in failovers, across its restarts
 * @param downgrades writes it acknowledged as async after their followers did not answer in time,
 *     since this replica last started (not kept across restarts)
 * @param snapshotOffset the offset its log was compacted through (its snapshot's), 0 if none
 */
public record ReplicaStatus(String replica, ReplicaRole role, long epoch, String leader, long lastOffset,
    long highWatermark, long servableOffset, long lagOffsets, long ticksSinceLeader,
    Map<String, FollowerStatus> followers, long lostAcknowledged, long downgrades, long snapshotOffset) {
  /** Copies, sorted. */
  public ReplicaStatus {
    Objects.requireNonNull(replica, "replica");
    Objects.requireNonNull(role, "role");
    followers = Map.copyOf(new TreeMap<>(followers));
  }

  /**
   * The leader's view of one follower.
   *
   * @param ackedOffset the highest offset it acknowledged as durable this epoch (0 before any)
   * @param lagOffsets the leader's last offset minus {@code ackedOffset}
   * @param ticksSinceHeard ticks since its last acknowledgement (-1 if none this epoch)
   */
  public record FollowerStatus(long ackedOffset, long lagOffsets, long ticksSinceHeard) {}
}
