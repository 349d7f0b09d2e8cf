package dev.chorus.replication.leaderfollower.protocol;

import dev.chorus.replication.leaderfollower.ReplicaRole;

/** What only a follower has, for the epoch and leader it follows: whether its log agrees with the leader's yet, and how fresh it is. */
final class FollowerState implements RoleState {
  private final Freshness freshness;
  /** Whether its log has been cut back to where it agrees with the leader's (KIP-101): only then does it take records. */
  private boolean synced;

  FollowerState(Freshness freshness) {
    this.freshness = freshness;
  }

  /** Its log now agrees with the leader's: it takes records from here on. */
  void markSynced() {
    synced = true;
  }

  boolean synced() {
    return synced;
  }

  /** The leader's message {@code seq}, carrying its high watermark, arrived at {@code now}. */
  void heard(long seq, long now, long leaderHighWatermark) {
    freshness.heard(seq, now, leaderHighWatermark);
  }

  /** Whether it may serve a read through {@code servable} that is at most {@code bound} stale at {@code now}. */
  boolean serves(Staleness bound, long now, long servable) {
    return synced && freshness.within(bound, now, servable);
  }

  @Override
  public ReplicaRole role() {
    return ReplicaRole.FOLLOWER;
  }
}
