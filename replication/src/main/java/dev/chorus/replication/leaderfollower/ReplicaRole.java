package dev.chorus.replication.leaderfollower;

/** A replica's part in its store now. */
public enum ReplicaRole {
  /** Holds the store's lease and takes writes for its epoch. */
  LEADER,
  /** Holds the lease and is recovering its epoch's log before it takes writes. */
  CANDIDATE,
  /** Copies the leader's log and serves reads as its level allows. */
  FOLLOWER,
  /** Knows no leader yet, or has lost its lease. */
  NONE
}
