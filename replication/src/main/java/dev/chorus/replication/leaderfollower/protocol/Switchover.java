package dev.chorus.replication.leaderfollower.protocol;

/**
 * What a planned switchover request came to ({@link ReplicaCore#switchover}): the effects to carry
 * out, and the answer the host gives its client.
 *
 * @param outcome started, or why not
 * @param detail the target when started; the leader's id (or null) when this replica does not
 *     lead; otherwise why it was refused
 * @param effects what to carry out (nothing unless started)
 */
public record Switchover(Outcome outcome, String detail, ReplicaEffects effects) {
  /** Whether, or why not, the switchover started. */
  public enum Outcome {
    /** Started: the leader hands over once the target holds every record. */
    STARTED,
    /** This replica does not lead; {@code detail} is the leader it knows of, or null. */
    NOT_LEADER,
    /** A switchover is already under way. */
    ALREADY_UNDER_WAY,
    /** The target is this replica or not one of the store's. */
    NOT_A_REPLICA
  }
}
