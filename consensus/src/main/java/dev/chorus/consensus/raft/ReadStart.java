package dev.chorus.consensus.raft;

/** Where a read goes ({@link RaftCore#startRead}): served now, refused, or started. */
public sealed interface ReadStart {
  /** Serve it from the state machine now: a local read, which waits for nothing. */
  record ServeNow() implements ReadStart {}

  /** Not on this node: only the leader serves this path. Clients go to {@code leaderHint} (null if none). */
  record NotLeader(String leaderHint) implements ReadStart {}

  /** Started: serve it when {@code ready}'s reads (or a later Ready's) name its id; carry out {@code ready}. */
  record Started(Ready ready) implements ReadStart {}
}
