package dev.chorus.core.spi;

/**
 * A {@link StateMachine} whose commands carry the time their leader appended them (Raft thesis
 * §6.3), so that it can expire state (client sessions, leases) by time that every member reads
 * from the log alike, and that no submitter chose.
 *
 * <p>Contract: the host of a group with a leader calls {@link #stampLeaderTime} on the leader, on
 * its actor, for every command just before appending it, and appends what it returns. It must be
 * cheap, must not block, and must return an encoding of the same command with only its time
 * changed; a command without a time returns unchanged.
 */
public interface LeaderStamped {
  /**
   * {@code command} (encoded) with the leader's term and monotonic clock written in.
   *
   * @param term the appending leader's term
   * @param monotonicMillis the leader's monotonic clock; comparable only with readings of the same
   *     term's leader
   */
  byte[] stampLeaderTime(byte[] command, long term, long monotonicMillis);
}
