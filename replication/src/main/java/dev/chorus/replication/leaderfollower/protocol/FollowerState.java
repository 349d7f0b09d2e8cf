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

  @Override
  public ReplicaRole role() {
    return ReplicaRole.FOLLOWER;
  }

  boolean synced() {
    return synced;
  }

  void markSynced() {
    synced = true;
  }

  Freshness freshness() {
    return freshness;
  }
}
