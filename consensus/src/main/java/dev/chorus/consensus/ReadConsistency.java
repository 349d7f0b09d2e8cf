package dev.chorus.consensus;

/**
 * How a {@link RaftGroup#query} is served (Ongaro's thesis §6.4). The first three are
 * linearizable: the query sees every command whose {@code submit} completed before it was issued.
 */
public enum ReadConsistency {
  /**
   * ReadIndex (thesis §6.4): the leader records its commit index, confirms with a heartbeat round
   * to a majority that it still leads, waits until it has applied that index, then answers from
   * its state machine. Costs one round trip; only the leader serves it ({@link NotLeader}
   * elsewhere).
   */
  LINEARIZABLE,
  /**
   * A lease read (thesis §6.4.1): the leader answers at once while a majority has acknowledged it
   * within the election timeout less the configured lease margin; else it falls back to
   * ReadIndex. Linearizable only while clocks drift less than the margin. Only the leader serves
   * it.
   */
  LEASE,
  /**
   * A follower read (thesis §6.4): any member asks the leader for its read index, waits until it
   * has applied that far, then answers from its own state machine. Spreads query load; costs a
   * round trip to the leader.
   */
  FOLLOWER,
  /**
   * The local state machine as it is, with no check: may miss commands that completed elsewhere,
   * and may go backwards between members. Never fails for want of a leader.
   */
  STALE
}
