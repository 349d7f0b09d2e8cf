package dev.chorus.replication.leaderfollower.protocol;

import dev.chorus.replication.leaderfollower.LogPosition;
import dev.chorus.replication.leaderfollower.RequestOutcome;


/** The answer to a read: the prefix to serve it from, or why not here. */
public sealed interface ReadResult {
  /**
   * Serve from the log through {@code throughOffset}; the session's position is now {@code position}.
   */
  record Served(long throughOffset, LogPosition position) implements ReadResult {}

  /**
   * Not here: {@code NOT_LEADER} (a strong read on a follower; {@code detail} names the leader if
   * known), {@code UNAVAILABLE} (the leader is not ready, or this replica is behind the session),
   * or {@code SESSION_LOST} (the leader does not hold the session's position: a failover lost it).
   */
  record Refused(RequestOutcome outcome, String detail) implements ReadResult {}
}
