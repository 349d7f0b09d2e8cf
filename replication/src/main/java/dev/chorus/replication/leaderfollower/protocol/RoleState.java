package dev.chorus.replication.leaderfollower.protocol;

import dev.chorus.replication.leaderfollower.ReplicaRole;

/**
 * What only the replica's current role has. The core holds exactly one, made by the transition
 * into the role and dropped by the next one, so the state of another role cannot be reached:
 * {@link LeaderState} while leading, {@link Recovery} while recovering an epoch as its candidate,
 * {@link FollowerState} while following, and {@link #NONE} while it waits for a leader or the lease.
 */
interface RoleState {
  /** Neither leading nor following: nothing of its own. */
  RoleState NONE = () -> ReplicaRole.NONE;

  /** The role this state belongs to. */
  ReplicaRole role();

  /** The planned switchover under way, or null; only a leader, or a leader recovering a newer epoch, has one. */
  default LeaderState.Handover handover() {
    return null;
  }
}
