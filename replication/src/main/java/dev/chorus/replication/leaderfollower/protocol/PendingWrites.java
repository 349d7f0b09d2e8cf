package dev.chorus.replication.leaderfollower.protocol;

import dev.chorus.replication.leaderfollower.LogPosition;
import dev.chorus.replication.leaderfollower.RequestOutcome;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The client writes this replica took as leader and has not answered yet. They outlive its
 * leadership: an async write is acknowledged once it is durable here, leading or not, and a write
 * acknowledged below a majority once its durable marker says so.
 */
final class PendingWrites {
  /** A write waiting for copies: {@code required} followers' by {@code deadline}, or none if {@code async}. */
  record Pending(long requestId, int required, long deadline, boolean async) {}

  /** A write acknowledged below a majority, waiting for its marker to be durable. */
  record Awaiting(long epoch, long offset, long requestId, String detail) {}

  /** By offset. */
  private final TreeMap<Long, Pending> pending = new TreeMap<>();
  /** By the marker's write token. */
  private final TreeMap<Long, Awaiting> awaitingMarker = new TreeMap<>();
  private long downgrades;

  void add(long offset, Pending p) {
    pending.put(offset, p);
  }

  /** The pending writes in offset order; the leader removes those it answers. */
  Iterator<Map.Entry<Long, Pending>> entries() {
    return pending.entrySet().iterator();
  }

  /** The write at {@code offset} is acknowledged once the marker written as {@code token} is durable. */
  void awaitMarker(long token, Awaiting a) {
    awaitingMarker.put(token, a);
  }

  /** A write acknowledged as async because its followers did not answer in time. */
  void downgraded() {
    downgrades++;
  }

  /** Downgraded writes since this replica started. */
  long downgrades() {
    return downgrades;
  }

  /** Whether every write is answered: nothing pending, no marker awaited. */
  boolean settled() {
    return pending.isEmpty() && awaitingMarker.isEmpty();
  }

  /** The writes through {@code token} are durable: the writes waiting for those markers are acknowledged. */
  void markersDurable(long token, LostWrites lost, ReplicaEffects.Builder out) {
    while (!awaitingMarker.isEmpty() && awaitingMarker.firstKey() <= token) {
      Awaiting a = awaitingMarker.pollFirstEntry().getValue();
      lost.ackedBelowMajority(new LogPosition(a.epoch(), a.offset()));
      out.replies.add(new ReplicaEffects.Reply(a.requestId(), RequestOutcome.ACKED, a.offset(), a.detail()));
    }
  }

  /** A failover cut the log after {@code cut}, dropping {@code dropped}: their writes' outcome is unknown. */
  void cutBack(long cut, List<LogRecord> dropped, ReplicaEffects.Builder out) {
    for (LogRecord r : dropped) {
      Pending p = pending.remove(r.offset());
      if (p != null) {
        out.replies.add(new ReplicaEffects.Reply(p.requestId(), RequestOutcome.UNKNOWN, r.offset(),
            "cut back by a failover before it was durable"));
      }
    }
    awaitingMarker.values().removeIf(a -> {
      boolean gone = a.offset() > cut;
      if (gone) {
        out.replies.add(new ReplicaEffects.Reply(a.requestId(), RequestOutcome.UNKNOWN, a.offset(),
            "cut back by a failover before its downgrade was recorded"));
      }
      return gone;
    });
  }

  // A pending async write is acknowledged when it is durable here, leading or not: that is all
  // ASYNC promises, and it keeps the lost-write count exact. Any other pending write has lost
  // the leader that was collecting its copies, so its outcome is unknown.
  void leadershipLost(long epoch, ReplicaEffects.Builder out) {
    for (Iterator<Map.Entry<Long, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Pending> e = it.next();
      if (!e.getValue().async()) {
        out.replies.add(new ReplicaEffects.Reply(e.getValue().requestId(), RequestOutcome.UNKNOWN, e.getKey(),
            "leadership lost in epoch " + epoch));
        it.remove();
      }
    }
  }
}
