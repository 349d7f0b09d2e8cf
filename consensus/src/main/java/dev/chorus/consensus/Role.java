package dev.chorus.consensus;

/** A node's role in its group (§5.1; pre-candidate from thesis §9.6). */
public enum Role {
  /** Follows a leader, or waits for one. */
  FOLLOWER,
  /** Asks whether it could win an election before raising its term. */
  PRE_CANDIDATE,
  /** Stands for election in a new term. */
  CANDIDATE,
  /** Leads its term. */
  LEADER
}
