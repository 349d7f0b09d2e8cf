package dev.chorus.replication.leaderfollower.protocol;

import dev.chorus.replication.leaderfollower.LogPosition;
import dev.chorus.replication.leaderfollower.ReplicaRole;
import dev.chorus.replication.leaderfollower.ReplicaStatus;
import dev.chorus.replication.leaderfollower.RequestOutcome;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where reads are served (strong, eventual, session, bounded staleness) and the replica's status.
 * State lives in {@link ReplicaCore}; this holds the rules.
 */
final class ReplicaReads {
  private final ReplicaCore c;

  ReplicaReads(ReplicaCore c) {
    this.c = c;
  }

  /** Where a read at {@code level}, of a session at {@code session}, is served here. */
  ReadResult read(ReadLevel level, LogPosition session) {
    LeaderState l = c.asLeader();
    if (level == ReadLevel.STRONG) {
      if (l == null || !c.lease.holds(c.now())) {
        return new ReadResult.Refused(RequestOutcome.NOT_LEADER, l != null ? null : c.leader());
      }
      if (c.highWatermark() < l.epochStartOffset()) {
        return new ReadResult.Refused(RequestOutcome.UNAVAILABLE, "the leader of epoch " + c.epoch() + " is not ready yet");
      }
    }
    long through = servable();
    if (level == ReadLevel.SESSION && l != null && !holds(session)) {
      return new ReadResult.Refused(RequestOutcome.SESSION_LOST, sessionLost(session));
    }
    if (level == ReadLevel.SESSION && (session.offset() > through || !holds(session))) {
      return new ReadResult.Refused(RequestOutcome.UNAVAILABLE, "this replica is behind the session's " + session
          + " (it serves through " + through + ")");
    }
    return new ReadResult.Served(through, positionAt(through));
  }

  /**
   * Where a read that may be at most {@code bound} stale is served here: on the leader as a strong
   * read, on a follower if it is fresh enough ({@link Staleness}); otherwise refused with
   * {@code NOT_LEADER} naming the leader, to go there or wait.
   */
  ReadResult readBounded(Staleness bound) {
    if (c.role() == ReplicaRole.LEADER) {
      return read(ReadLevel.STRONG, LogPosition.START);
    }
    long through = servable();
    // As on the leader, nothing is served until the epoch's start record is below the high
    // watermark: a new leader learns the high watermark afresh, and until then it says too little.
    long start = c.log.startOf(c.epoch());
    FollowerState follower = c.asFollower();
    boolean fresh = follower != null && follower.serves(bound, c.now(), through)
        && start > 0 && through >= start;
    return fresh ? new ReadResult.Served(through, positionAt(through))
        : new ReadResult.Refused(RequestOutcome.NOT_LEADER, c.leader());
  }

  /** What may be read here: durable, and at most the high watermark this replica knows. */
  long servable() {
    return Math.min(c.highWatermark(), c.durable.durableOffset());
  }

  // The leader's log is the store's: a position it does not hold will not come back (unless a
  // later failover in ASYNC mode prefers a log that has it, which only ends the session early).
  String sessionLost(LogPosition session) {
    return "the session saw " + session + ", which the leader of epoch " + c.epoch()
        + " does not hold: a failover discarded it; start a new session";
  }

  boolean holds(LogPosition p) {
    return p.offset() == 0 || (p.offset() <= c.log.lastOffset() && c.log.epochAt(p.offset()) == p.epoch());
  }

  LogPosition positionAt(long offset) {
    return offset == 0 ? LogPosition.START : new LogPosition(c.log.epochAt(offset), offset);
  }

  /** The position of the record at {@code offset} in this log, for a write's session token. */
  LogPosition position(long offset) {
    return positionAt(offset);
  }

  /** This replica's view now: lag in offsets and ticks, and on the leader each follower's. */
  ReplicaStatus status() {
    LeaderState l = c.asLeader();
    boolean leading = l != null;
    Map<String, ReplicaStatus.FollowerStatus> progress = new TreeMap<>();
    if (leading) {
      l.followers().forEach((id, f) -> {
        long acked = Math.max(0, f.acked);
        progress.put(id, new ReplicaStatus.FollowerStatus(acked, c.log.lastOffset() - acked,
            f.lastHeard < 0 ? -1 : c.now() - f.lastHeard));
      });
    }
    long lag = leading ? 0 : c.freshness().lag(servable());
    long since = leading ? 0 : c.freshness().sinceHeard(c.now());
    return new ReplicaStatus(c.self, c.role(), c.epoch(), c.leader(), c.log.lastOffset(), c.highWatermark(), servable(),
        lag, since,
        progress, c.lostAcknowledged(), c.downgrades(), c.log.baseOffset());
  }
}
