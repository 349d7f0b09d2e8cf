package dev.chorus.consensus.raft;

/**
 * What a leadership transfer request came to ({@link RaftCore#transferLeadership}), and the
 * effects to carry out (empty unless started).
 *
 * @param outcome started, or why not
 * @param ready what to do now
 */
public record Transfer(Outcome outcome, Ready ready) {
  /** Whether, or why not, the transfer started. */
  public enum Outcome {
    /** Started: proposals stop until the target leads or an election timeout passes. */
    STARTED,
    /** The target is this leader: nothing to do. */
    ALREADY_LEADS,
    /** This node does not lead. */
    NOT_LEADER,
    /** The target is not another voter of the group. */
    NOT_A_VOTER
  }
}
