package dev.chorus.replication.leaderfollower.protocol;

import dev.chorus.replication.leaderfollower.ReplicaRole;
import dev.chorus.replication.leaderfollower.protocol.ReplicaMessage.Ack;
import dev.chorus.replication.leaderfollower.protocol.ReplicaMessage.EpochAnswer;
import dev.chorus.replication.leaderfollower.protocol.ReplicaMessage.EpochQuery;
import dev.chorus.replication.leaderfollower.protocol.ReplicaMessage.Fence;
import dev.chorus.replication.leaderfollower.protocol.ReplicaMessage.Fenced;
import dev.chorus.replication.leaderfollower.protocol.ReplicaMessage.Fetch;
import dev.chorus.replication.leaderfollower.protocol.ReplicaMessage.InstallSnapshot;
import dev.chorus.replication.leaderfollower.protocol.ReplicaMessage.Records;
import dev.chorus.replication.leaderfollower.protocol.ReplicaMessage.Replicate;
import java.util.List;

/**
 * A replica's part as a follower and in recovery: the fence, copying the most advanced log,
 * taking records, and cutting back a divergent suffix by epoch (KIP-101, KIP-279), with the
 * lost-write count. State lives in {@link ReplicaCore} and the role's state ({@link FollowerState},
 * {@link Recovery}); this holds the steps, and changes role only through the core's transitions.
 */
final class ReplicaFollowing {
  private final ReplicaCore c;

  ReplicaFollowing(ReplicaCore c) {
    this.c = c;
  }

  void onFence(String from, Fence f, ReplicaEffects.Builder out) {
    // A replica restarted after it promised this epoch's fence knows the epoch but follows no one:
    // it must follow the candidate again, or it would refuse the Fetch that copies its log, and a
    // recovery that needs its log would stall for ever (simulation seed 166). Only the token's
    // holder sends this fence.
    boolean rejoin = f.epoch() == c.epoch() && c.role() == ReplicaRole.NONE && !from.equals(c.self);
    if (f.epoch() > c.epoch() || rejoin) {
      c.becomeFollower(f.epoch(), from, out);
      out.writes.add(c.durable.issue(-1, List.of(), new ReplicaEffects.Marker.Fence(f.epoch()), c.log.lastOffset()));
    } else if (!from.equals(c.leader())) {
      return; // the same epoch from another replica cannot happen: one holder per token
    }
    c.lease.quietSince(c.now());
    Fenced answer = new Fenced(c.epoch(), c.log.lastEpoch(), c.log.lastOffset());
    c.durable.sendAfterWrites(new ReplicaEffects.Send(from, answer), out);
  }

  void onFenced(String from, Fenced f, ReplicaEffects.Builder out) {
    Recovery recovery = c.asCandidate();
    if (recovery == null || recovery.phase() != Recovery.Phase.FENCING) {
      return;
    }
    Recovery.Position where = new Recovery.Position(f.lastEpoch(), f.lastOffset());
    if (!recovery.answered(from, where, c.replicas.size() / 2 + 1, c.now())) {
      return;
    }
    String source = recovery.chooseSource(c.self);
    if (source.equals(c.self)) {
      c.becomeLeader(c.epoch(), out);
    } else {
      out.sends.add(new ReplicaEffects.Send(source, new EpochQuery(c.epoch(), c.log.lastEpoch())));
    }
  }

  void onFetch(String from, Fetch f, ReplicaEffects.Builder out) {
    if (f.epoch() == c.epoch() && from.equals(c.leader()) && c.role() == ReplicaRole.FOLLOWER) {
      long after = Math.min(f.afterOffset(), c.log.lastOffset());
      if (after < c.log.baseOffset()) {
        out.sends.add(new ReplicaEffects.Send(from, new InstallSnapshot(c.epoch(), c.snapshot())));
        return;
      }
      Records records = new Records(c.epoch(), after, Batches.capped(c.log.after(after, c.settings.maxBatch())));
      out.sends.add(new ReplicaEffects.Send(from, records));
    }
  }

  void onRecords(String from, Records r, ReplicaEffects.Builder out) {
    Recovery recovery = c.asCandidate();
    if (!syncingFrom(recovery, from)) {
      return;
    }
    recovery.progressed(c.now());
    if (r.afterOffset() == c.log.lastOffset() && !r.records().isEmpty()) {
      r.records().forEach(c.log::append);
      out.writes.add(c.durable.issue(-1, r.records(), null, c.log.lastOffset()));
    }
    if (r.records().isEmpty() || Recovery.Position.ORDER.compare(ownPosition(), recovery.target()) >= 0) {
      c.becomeLeader(c.epoch(), out);
    } else {
      out.sends.add(new ReplicaEffects.Send(from, new Fetch(c.epoch(), c.log.lastOffset())));
    }
  }

  /**
   * The leader's (or, in a recovery, the source's) snapshot, because this log lacks records the
   * sender compacted away: the log is replaced by it. Records of this log after it are cut first,
   * with the lost-write count, as any divergent suffix is.
   */
  void onInstallSnapshot(String from, InstallSnapshot m, ReplicaEffects.Builder out) {
    FollowerState follower = c.asFollower();
    Recovery recovery = c.asCandidate();
    boolean asFollower = follower != null && follower.synced() && from.equals(c.leader());
    boolean asCandidate = syncingFrom(recovery, from);
    StoreSnapshot s = m.snapshot();
    if (m.epoch() != c.epoch() || !(asFollower || asCandidate)) {
      return;
    }
    boolean holds = s.offset() <= c.log.lastOffset() && c.log.epochAt(s.offset()) == s.epoch();
    if (!holds) {
      if (c.log.lastOffset() > s.offset()) {
        cutBack(Math.max(c.log.baseOffset(), Math.min(s.offset(), c.log.lastOffset())), out);
      }
      c.log.install(s);
      c.installSnapshot(s);
      if (asFollower) {
        c.raiseHighWatermark(s.offset()); // the leader served it, so it had the durability
      }
      out.writes.add(c.durable.issue(s.offset(), List.of(), null, c.compaction.image(s, List.of()), s.offset()));
    }
    if (asCandidate) {
      recovery.progressed(c.now());
      out.sends.add(new ReplicaEffects.Send(from, new Fetch(c.epoch(), c.log.lastOffset())));
    } else {
      c.durable.sendAfterWrites(new ReplicaEffects.Send(from, new Ack(c.epoch(), c.log.lastOffset())), out);
    }
  }

  /** Whether {@code recovery} (null when not a candidate) is copying the log of {@code from}. */
  private static boolean syncingFrom(Recovery recovery, String from) {
    return recovery != null && recovery.phase() == Recovery.Phase.SYNCING && from.equals(recovery.source());
  }

  Recovery.Position ownPosition() {
    return new Recovery.Position(c.log.lastEpoch(), c.log.lastOffset());
  }

  // ---- follower ----

  void onReplicate(String from, Replicate r, ReplicaEffects.Builder out) {
    if (r.epoch() > c.epoch() || (c.role() == ReplicaRole.NONE && r.epoch() == c.epoch())) {
      c.becomeFollower(r.epoch(), from, out);
      return;
    }
    FollowerState follower = c.asFollower();
    if (follower == null || !from.equals(c.leader())) {
      return;
    }
    c.lease.quietSince(c.now());
    if (!follower.synced()) {
      out.sends.add(new ReplicaEffects.Send(from, new EpochQuery(c.epoch(), c.log.lastEpoch())));
      return;
    }
    follower.heard(r.seq(), c.now(), r.highWatermark());
    c.raiseHighWatermark(Math.min(r.highWatermark(), c.log.lastOffset()));
    // Synced, this log agrees with the leader's up to its end, so the leader's stable prefix is
    // stable here too as far as it reaches.
    c.raiseStableOffset(Math.min(r.stableOffset(), c.log.lastOffset()));
    if (r.prevOffset() > c.log.lastOffset()) {
      c.durable.sendAfterWrites(new ReplicaEffects.Send(from, new Ack(c.epoch(), c.log.lastOffset())), out);
      return;
    }
    List<LogRecord> fresh = r.records().stream().filter(x -> x.offset() > c.log.lastOffset()).toList();
    if (!fresh.isEmpty()) {
      fresh.forEach(c.log::append);
      out.writes.add(c.durable.issue(-1, fresh, null, c.log.lastOffset()));
      c.raiseHighWatermark(Math.min(r.highWatermark(), c.log.lastOffset()));
      c.raiseStableOffset(Math.min(r.stableOffset(), c.log.lastOffset()));
    }
    c.durable.sendAfterWrites(new ReplicaEffects.Send(from, new Ack(c.epoch(), c.log.lastOffset())), out);
  }

  void onEpochAnswer(String from, EpochAnswer a, ReplicaEffects.Builder out) {
    FollowerState follower = c.asFollower();
    Recovery recovery = c.asCandidate();
    boolean asFollower = follower != null && !follower.synced() && from.equals(c.leader());
    boolean asCandidate = syncingFrom(recovery, from);
    if (a.epoch() != c.epoch() || !(asFollower || asCandidate)) {
      return;
    }
    if (!reconcile(a, out)) {
      out.sends.add(new ReplicaEffects.Send(from, new EpochQuery(c.epoch(), c.log.lastEpoch())));
    } else if (asCandidate) {
      recovery.progressed(c.now());
      out.sends.add(new ReplicaEffects.Send(from, new Fetch(c.epoch(), c.log.lastOffset())));
    } else {
      follower.markSynced();
      c.durable.sendAfterWrites(new ReplicaEffects.Send(from, new Ack(c.epoch(), c.log.lastOffset())), out);
    }
  }

  /**
   * KIP-101 and KIP-279: cuts the log back to where it agrees with the answer. True when it now
   * agrees up to its end; false when the answer was about an older epoch than this log's last, so
   * that it must ask again with its new last epoch (each round goes back at least one epoch).
   */
  boolean reconcile(EpochAnswer a, ReplicaEffects.Builder out) {
    long cut = c.log.divergenceAt(a.end());
    if (cut < c.log.lastOffset()) {
      cutBack(cut, out);
    }
    return c.log.lastOffset() == 0 || c.log.lastEpoch() == a.end().epoch();
  }

  void cutBack(long cut, ReplicaEffects.Builder out) {
    long wasDurable = c.durable.durableOffset();
    List<LogRecord> dropped = c.log.truncateAfter(cut);
    long lost = dropped.stream().filter(r -> r.offset() <= wasDurable && c.lostWrites.wasAcknowledged(r)).count();
    c.pending.cutBack(cut, dropped, out);
    // The count goes with the cut, so that a restart recovers it (a Lost marker).
    ReplicaEffects.Write write = c.durable.issue(cut, List.of(), lost > 0 ? new ReplicaEffects.Marker.Lost(lost) : null,
        c.log.lastOffset());
    out.writes.add(write);
    c.lostWrites.cut(write.token(), lost);
    c.cutHighWatermark(cut);
  }
}
