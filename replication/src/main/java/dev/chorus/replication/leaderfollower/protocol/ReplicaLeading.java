package dev.chorus.replication.leaderfollower.protocol;

import dev.chorus.replication.leaderfollower.LogPosition;
import dev.chorus.replication.leaderfollower.ReplicaRole;
import dev.chorus.replication.leaderfollower.RequestOutcome;
import dev.chorus.replication.leaderfollower.WriteMode;
import dev.chorus.replication.leaderfollower.protocol.ReplicaMessage.Ack;
import dev.chorus.replication.leaderfollower.protocol.ReplicaMessage.Replicate;
import dev.chorus.replication.leaderfollower.protocol.ReplicaMessage.TakeOver;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A replica's part as the leader: replicating, acknowledging each write as its mode says
 * (including the downgrade to async), the high watermark, and the planned switchover. State
 * lives in {@link ReplicaCore}, {@link LeaderState} and {@link PendingWrites}; this holds the steps.
 */
final class ReplicaLeading {
  private final ReplicaCore c;

  ReplicaLeading(ReplicaCore c) {
    this.c = c;
  }

  /** A client write at the leader: see {@link ReplicaCore#write(long, Object, WriteMode, LogPosition)}. */
  ReplicaEffects write(long requestId, Object operation, WriteMode mode, LogPosition session) {
    ReplicaEffects.Builder out = new ReplicaEffects.Builder();
    LeaderState l = c.asLeader();
    if (l != null && !c.reads.holds(session)) {
      out.replies.add(new ReplicaEffects.Reply(requestId, RequestOutcome.SESSION_LOST, 0, c.reads.sessionLost(session)));
      return out.build();
    }
    if (l == null) {
      out.replies.add(c.role() == ReplicaRole.CANDIDATE
          ? new ReplicaEffects.Reply(requestId, RequestOutcome.UNAVAILABLE, 0, "recovering epoch " + c.epoch())
          : new ReplicaEffects.Reply(requestId, RequestOutcome.NOT_LEADER, 0, c.leader()));
      return out.build();
    }
    if (l.handover() != null) {
      out.replies.add(new ReplicaEffects.Reply(requestId, RequestOutcome.UNAVAILABLE, 0,
          "switching over to " + l.handover().target() + "; retry there"));
      return out.build();
    }
    if (!mode.equals(c.settings.mode()) && !c.settings.mode().allowsOverride(mode)) {
      out.replies.add(new ReplicaEffects.Reply(requestId, RequestOutcome.UNAVAILABLE, 0,
          "mode " + mode + " is stronger than the store's " + c.settings.mode()));
      return out.build();
    }
    int required = mode.requiredFollowers(l.followers().size());
    int inSync = l.inSync(c.now(), c.settings.inSyncTicks());
    if (!mode.downgrade() && inSync < required) {
      out.replies.add(new ReplicaEffects.Reply(requestId, RequestOutcome.UNAVAILABLE, 0,
          mode + " needs " + required + " in-sync followers, " + inSync + " are"));
      return out.build();
    }
    boolean async = mode.kind() == WriteMode.Kind.ASYNC;
    LogRecord r = new LogRecord(c.epoch(), c.log.lastOffset() + 1, operation, async);
    c.log.append(r);
    out.writes.add(c.durable.issue(-1, List.of(r), null, c.log.lastOffset()));
    c.pending.add(r.offset(), new PendingWrites.Pending(requestId, required, c.now() + c.settings.ackTimeoutTicks(), async));
    l.followers().forEach((id, f) -> replicate(l, id, f, out));
    return out.build();
  }

  /** A planned switchover: see {@link ReplicaCore#switchover(String)}. */
  Switchover switchover(String target) {
    ReplicaEffects.Builder out = new ReplicaEffects.Builder();
    if (target.equals(c.self) || !c.replicas.contains(target)) {
      return new Switchover(Switchover.Outcome.NOT_A_REPLICA, target + " is not another replica of " + c.replicas,
          out.build());
    }
    LeaderState l = c.asLeader();
    if (l == null) {
      return new Switchover(Switchover.Outcome.NOT_LEADER, c.leader(), out.build());
    }
    if (l.handover() != null) {
      return new Switchover(Switchover.Outcome.ALREADY_UNDER_WAY, "a switchover to " + l.handover().target()
          + " is already under way", out.build());
    }
    l.startHandover(new LeaderState.Handover(target, c.now() + c.settings.electionTicks()));
    heartbeat(l, out);
    handOver(out);
    return new Switchover(Switchover.Outcome.STARTED, target, out.build());
  }

  void onAck(String from, Ack a, ReplicaEffects.Builder out) {
    LeaderState l = c.asLeader();
    Follower f = l == null ? null : l.followers().get(from);
    if (a.epoch() != c.epoch() || f == null) {
      return;
    }
    long acked = Math.min(a.durableOffset(), c.log.lastOffset());
    if (acked > f.acked) {
      f.waitingSince = c.now();
    }
    f.acked = acked;
    f.lastHeard = c.now();
    settle(out);
    replicate(l, from, f, out);
    handOver(out);
  }

  /**
   * Every tick: records not sent yet, or else an empty heartbeat (which a follower that restarted
   * also needs, to learn who leads). Records sent but not acknowledged within
   * {@link #retransmitTicks()} are sent again from what the follower acknowledged: a message was
   * lost, or arrived after a gap and was dropped.
   */
  void heartbeat(LeaderState l, ReplicaEffects.Builder out) {
    l.followers().forEach((id, f) -> {
      if (f.sent > f.acked && c.now() - f.waitingSince >= retransmitTicks()) {
        f.sent = f.acked;
      }
      if (f.acked < c.log.baseOffset() || !replicate(l, id, f, out)) {
        Replicate heartbeat = new Replicate(c.epoch(), c.log.lastOffset(), List.of(), c.highWatermark(), l.nextSeq(),
            c.stableOffset());
        out.sends.add(new ReplicaEffects.Send(id, heartbeat));
      }
    });
  }

  /**
   * Sends the follower the records after the last one it was sent or acknowledged, if any; true if
   * it sent. Each record goes once while its acknowledgement is on the way: sending everything
   * after {@code acked} on every write, acknowledgement and tick made each write cost as many
   * records as were unacknowledged, so the traffic grew with the square of the load (found by
   * the per-mode benchmark).
   */
  boolean replicate(LeaderState l, String id, Follower f, ReplicaEffects.Builder out) {
    if (f.acked < 0 || f.acked >= c.log.lastOffset()) {
      return false;
    }
    if (f.acked < c.log.baseOffset()) {
      // It needs records compacted away: the snapshot instead, again only after an election
      // timeout, since it may be large and the follower needs time to make it durable.
      if (c.now() - f.snapshotSentAt >= c.settings.electionTicks()) {
        f.snapshotSentAt = c.now();
        out.sends.add(new ReplicaEffects.Send(id, new ReplicaMessage.InstallSnapshot(c.epoch(), c.snapshot())));
      }
      return false;
    }
    long from = Math.max(f.acked, f.sent);
    if (from >= c.log.lastOffset()) {
      return false;
    }
    if (f.sent <= f.acked) {
      f.waitingSince = c.now();
    }
    List<LogRecord> records = Batches.capped(c.log.after(from, c.settings.maxBatch()));
    f.sent = records.get(records.size() - 1).offset();
    out.sends.add(new ReplicaEffects.Send(id, new Replicate(c.epoch(), from, records, c.highWatermark(), l.nextSeq(),
        c.stableOffset())));
    return true;
  }

  /** Half the in-sync timeout: a lost message is sent again before its follower falls out of sync. */
  private long retransmitTicks() {
    return Math.max(1, c.settings.inSyncTicks() / 2);
  }

  /** Acknowledges every pending write its mode allows, in offset order, and advances the high watermark. */
  void settle(ReplicaEffects.Builder out) {
    // Off the leader only async writes are pending (leadership lost, the others were released),
    // and they need no follower's copy.
    LeaderState l = c.asLeader();
    for (Iterator<Map.Entry<Long, PendingWrites.Pending>> it = c.pending.entries(); it.hasNext(); ) {
      Map.Entry<Long, PendingWrites.Pending> e = it.next();
      long offset = e.getKey();
      PendingWrites.Pending p = e.getValue();
      boolean here = c.durable.durableOffset() >= offset;
      if (here && (p.async() || (l != null && l.copies(offset) >= p.required()))) {
        if (!p.async() && p.required() < c.replicas.size() / 2) {
          acknowledgeBelowMajority(offset, p, null, out);
        } else {
          out.replies.add(new ReplicaEffects.Reply(p.requestId(), RequestOutcome.ACKED, offset, null));
        }
        it.remove();
      } else if (p.async() || l == null) {
        continue;
      } else if (c.now() >= p.deadline() && here && c.settings.mode().downgrade()) {
        downgrade(offset, p, out);
        it.remove();
      } else if (c.now() >= p.deadline()) {
        out.replies.add(new ReplicaEffects.Reply(p.requestId(), RequestOutcome.UNKNOWN, offset, "not acknowledged in time"));
        it.remove();
      }
    }
    if (l != null) {
      int required = c.settings.mode().requiredFollowers(l.followers().size());
      long through = c.highWatermark();
      while (through < c.durable.durableOffset() && l.copies(through + 1) >= required) {
        through++;
      }
      c.raiseHighWatermark(through);
      advanceStable(l);
    }
  }

  // MySQL's semi-sync falls back to async after rpl_semi_sync_master_timeout; here the fallback is
  // first recorded durably, so that a failover that later drops the write counts it as lost.
  private void downgrade(long offset, PendingWrites.Pending p, ReplicaEffects.Builder out) {
    c.pending.downgraded();
    acknowledgeBelowMajority(offset, p, "downgraded to async", out);
  }

  // A write acknowledged while fewer than a majority hold it may be lost in a failover. It is
  // acknowledged only once a durable marker says so, so that a replica that later cuts it back
  // counts it exactly (docs/replication.md, "Lost-write accounting"). Async writes need no
  // marker: they are acknowledged exactly when durable.
  private void acknowledgeBelowMajority(long offset, PendingWrites.Pending p, String detail,
      ReplicaEffects.Builder out) {
    ReplicaEffects.Write marker = c.durable.issue(-1, List.of(),
        new ReplicaEffects.Marker.AckedBelowMajority(c.epoch(), offset), c.log.lastOffset());
    out.writes.add(marker);
    c.pending.awaitMarker(marker.token(), new PendingWrites.Awaiting(c.epoch(), offset, p.requestId(), detail));
  }

  /**
   * The stable offset: the highest offset of this epoch durable on a majority, and everything
   * before it. Every later recovery fences a majority, which includes a replica holding it, and
   * takes a log at least as advanced, which therefore holds it (Raft's commitment rule, §5.4.2:
   * only a record of the leader's own epoch is counted, which is what makes Figure 8 safe).
   */
  private void advanceStable(LeaderState l) {
    long[] held = new long[l.followers().size() + 1];
    int i = 0;
    held[i++] = c.durable.durableOffset();
    for (Follower f : l.followers().values()) {
      held[i++] = Math.max(0, f.acked);
    }
    Arrays.sort(held);
    long majority = held[held.length - (c.replicas.size() / 2 + 1)];
    if (majority >= l.epochStartOffset()) {
      c.raiseStableOffset(majority);
    }
  }

  /** Hands the lease over to a switchover's target once it holds every record and no write is pending. */
  void handOver(ReplicaEffects.Builder out) {
    LeaderState l = c.asLeader();
    if (l == null || l.handover() == null) {
      return;
    }
    if (c.now() >= l.handover().deadline()) {
      l.endHandover(); // the target did not catch up in time: lead on
      return;
    }
    String target = l.handover().target();
    Follower f = l.followers().get(target);
    if (c.pending.settled() && c.durable.durableOffset() >= c.log.lastOffset() && f.acked >= c.log.lastOffset()) {
      out.sends.add(new ReplicaEffects.Send(target, new TakeOver(c.epoch())));
      out.releaseLease = true;
      c.lease.released(c.now());
      c.stepDown(c.epoch(), target, out);
    }
  }
}
