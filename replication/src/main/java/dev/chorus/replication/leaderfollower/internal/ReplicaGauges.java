package dev.chorus.replication.leaderfollower.internal;

import dev.chorus.core.metrics.MemberGauges;
import dev.chorus.core.metrics.MemberGauges.Stat;
import dev.chorus.core.metrics.MetricsRegistry;
import dev.chorus.replication.leaderfollower.ReplicaRole;
import dev.chorus.replication.leaderfollower.ReplicaStatus;
import java.util.List;

/**
 * A replica's numbers in the node's {@link MetricsRegistry} ({@code GET /metrics}), labelled by
 * store and node: role, epoch, offsets, lag, and the acknowledged writes it discarded at failovers
 * and the writes it downgraded. Published from the actor once per tick. The lost and downgraded
 * counts are the replica's own totals (lost across restarts, downgrades since it started), exposed
 * as gauges because they are set, not added to.
 */
final class ReplicaGauges {
  private static final List<Stat<ReplicaStatus>> STATS = List.of(
      new Stat<>("epoch", "The newest epoch (fencing token) the replica knows", ReplicaStatus::epoch),
      new Stat<>("last_offset", "The last offset in the replica's log", ReplicaStatus::lastOffset),
      new Stat<>("high_watermark", "The highest offset the replica knows to have the durability its mode requires",
          ReplicaStatus::highWatermark),
      new Stat<>("lag_offsets", "On a follower: how many offsets it serves below the leader's last known high "
          + "watermark", ReplicaStatus::lagOffsets),
      new Stat<>("lost_acknowledged_writes", "Acknowledged writes this replica discarded in failovers, across its "
          + "restarts", ReplicaStatus::lostAcknowledged),
      new Stat<>("downgraded_writes", "Writes acknowledged as async after their followers did not answer in time, "
          + "since the replica started", ReplicaStatus::downgrades));

  private final MemberGauges gauges;

  ReplicaGauges(MetricsRegistry registry, String store, String node) {
    gauges = new MemberGauges(registry, "chorus_replica", List.of("store", "node"), List.of(store, node));
  }

  void publish(ReplicaStatus s) {
    gauges.role("1 for the replica's current role, 0 for the others", ReplicaRole.values(), s.role());
    gauges.setAll(s, STATS);
  }

  /** Forgets every number of this replica: it stopped. */
  void remove() {
    gauges.remove();
  }
}
