package dev.chorus.replication.leaderfollower;

import dev.chorus.replication.leaderfollower.ReplicaEffects.Outcome;
import dev.chorus.replication.leaderfollower.ReplicaMessage.Ack;
import dev.chorus.replication.leaderfollower.ReplicaMessage.EpochAnswer;
import dev.chorus.replication.leaderfollower.ReplicaMessage.EpochQuery;
import dev.chorus.replication.leaderfollower.ReplicaMessage.Fence;
import dev.chorus.replication.leaderfollower.ReplicaMessage.Fenced;
import dev.chorus.replication.leaderfollower.ReplicaMessage.Fetch;
import dev.chorus.replication.leaderfollower.ReplicaMessage.Records;
import dev.chorus.replication.leaderfollower.ReplicaMessage.Replicate;
import dev.chorus.replication.leaderfollower.ReplicaMessage.StaleEpoch;
import dev.chorus.replication.leaderfollower.ReplicaMessage.TakeOver;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One replica of a leader-follower store, as a pure state machine: no I/O, threads or clock.
 *
 * <p><b>Who leads.</b> The store's leader holds its lease in {@code LeaderElection}; the lease's
 * fencing token is the leader's epoch. A replica that hears from no leader asks for the lease
 * ({@link ReplicaEffects#askLease()}); the host reports the answer with
 * {@link #leaseGranted(long, long)}. A new holder first recovers ({@link Recovery}): it fences a
 * majority and takes the most advanced of their logs, then leads, writing an epoch-start record.
 * It renews the lease while it leads, and steps down on its own clock when a renewal has not come
 * back in time. (Tests may also decide leadership by hand with {@link #lead(long)} and
 * {@link #follow(long, String)}.)
 *
 * <p><b>Replication.</b> The leader appends each write to its log in its epoch, replicates it, and
 * acknowledges it as its {@link WriteMode} says. A follower of a new epoch first asks the leader
 * where its own last epoch ends (Kafka KIP-101, KIP-279), cuts back a divergent suffix, and only
 * then takes records; it acknowledges only what is durable. Every message carries its epoch, and
 * a replica that knows a newer epoch refuses an older one's messages (the fence).
 *
 * <p><b>Lost-write accounting.</b> An async write is acknowledged exactly when it is durable on
 * the replica that took it as leader, whatever has happened since; a downgraded write once a
 * durable marker says so. So a replica that cuts back a durable record of an epoch it led counts
 * an acknowledged write lost ({@link #lostAcknowledged()}) exactly when that record was
 * acknowledged. Records cut back before they were durable were never acknowledged: their clients
 * are told the outcome is unknown.
 */
public final class ReplicaCore {
  /** This replica's part. */
  public enum Role { LEADER, CANDIDATE, FOLLOWER, NONE }

  private record Pending(long requestId, int required, long deadline, boolean async) {}

  private record Awaiting(long epoch, long offset, long requestId) {}

  private static final class Follower {
    long acked = -1;
    long lastHeard = Long.MIN_VALUE / 2;
  }

  private final String self;
  private final List<String> replicas;
  private final ReplicationSettings settings;
  private final int stagger;
  private final EpochLog log = new EpochLog();
  private final Durable durable = new Durable();
  private final Set<Long> ledEpochs = new HashSet<>();
  private final Map<Long, Long> downgradedThrough = new HashMap<>();
  private final Map<String, Follower> followers = new TreeMap<>();
  private final TreeMap<Long, Pending> pending = new TreeMap<>();
  private final TreeMap<Long, Awaiting> awaitingMarker = new TreeMap<>();
  private Role role = Role.NONE;
  private String leader;
  private long epoch;
  private boolean synced;
  private Recovery recovery;
  private long highWatermark;
  private long now;
  private long lastHeardLeader;
  private long lastAsked = Long.MIN_VALUE / 2;
  private long leaseValidUntil;
  private long epochStartOffset;
  private String switchingTo;
  private long sentSeq;
  private long freshSeq;
  private long freshAt = Long.MIN_VALUE / 2;
  private long leaderHighWatermark;
  private long releasedAt = Long.MIN_VALUE;
  private long switchDeadline;
  private long lostAcknowledged;
  private long downgrades;

  private ReplicaCore(String self, List<String> replicas, ReplicationSettings settings) {
    this.self = self;
    this.replicas = List.copyOf(replicas);
    this.settings = settings;
    this.stagger = 2 * Math.max(0, this.replicas.indexOf(self));
  }

  /** A replica recovered from its completed durable writes (empty for a new one). */
  public static ReplicaCore recover(String self, List<String> replicas, ReplicationSettings settings,
      List<ReplicaEffects.Write> durableWrites) {
    ReplicaCore core = new ReplicaCore(self, replicas, settings);
    for (ReplicaEffects.Write w : durableWrites) {
      if (w.keepThrough() >= 0) {
        core.log.truncateAfter(Math.min(w.keepThrough(), core.log.lastOffset()));
      }
      w.records().forEach(core.log::append);
      core.remember(w.marker());
    }
    core.epoch = Math.max(core.epoch, core.log.lastEpoch());
    core.durable.recovered(core.log.lastOffset());
    return core;
  }

  private void remember(ReplicaEffects.Marker marker) {
    if (marker instanceof ReplicaEffects.Marker.Led l) {
      ledEpochs.add(l.epoch());
      epoch = Math.max(epoch, l.epoch());
    } else if (marker instanceof ReplicaEffects.Marker.Fence f) {
      epoch = Math.max(epoch, f.epoch());
    } else if (marker instanceof ReplicaEffects.Marker.Downgraded d) {
      downgradedThrough.merge(d.epoch(), d.offset(), Math::max);
    }
  }

  // ---- leadership ----

  /**
   * {@code LeaderElection} granted this replica the store's lease with fencing token
   * {@code token}, for the request made at tick {@code askedAt}. A new token starts a recovery;
   * the current one renews the lease.
   */
  public ReplicaEffects leaseGranted(long token, long askedAt) {
    ReplicaEffects.Builder out = new ReplicaEffects.Builder();
    if (token < epoch || askedAt <= releasedAt) {
      return out.build(); // a late answer to an old request, or to one asked before a switchover
    }
    if (token == epoch && (role == Role.NONE || role == Role.FOLLOWER)) {
      // Its own lease, renewed, but it stopped leading that epoch (the lease ran out on its own
      // clock, or it restarted). An epoch is never led twice: a restarted leader may have lost
      // records that followers hold, and would write others at the same offsets. So it lets the
      // lease lapse, and asks again for a new token.
      lastAsked = now + settings.leaseTicks();
      return out.build();
    }
    leaseValidUntil = Math.max(leaseValidUntil, askedAt + settings.leaseTicks() - settings.leaseMarginTicks());
    if (token > epoch) {
      startRecovery(token, out);
    }
    return out.build();
  }

  /** The lease is held by {@code holder}: a hint for clients while this replica knows no leader. */
  public ReplicaEffects leaseHeldBy(String holder) {
    if (role == Role.NONE && !self.equals(holder)) {
      leader = holder;
    }
    return new ReplicaEffects.Builder().build();
  }

  /** This replica leads {@code newEpoch}, decided by hand: no lease, no recovery. */
  public ReplicaEffects lead(long newEpoch) {
    ReplicaEffects.Builder out = new ReplicaEffects.Builder();
    if (newEpoch <= epoch) {
      throw new IllegalArgumentException("epoch " + newEpoch + " is not newer than " + epoch);
    }
    releasePending(out);
    epoch = newEpoch;
    leaseValidUntil = Long.MAX_VALUE;
    becomeLeader(out);
    return out.build();
  }

  /** This replica follows {@code leaderId} in {@code newEpoch}, decided by hand. */
  public ReplicaEffects follow(long newEpoch, String leaderId) {
    ReplicaEffects.Builder out = new ReplicaEffects.Builder();
    if (newEpoch < epoch || (newEpoch == epoch && (role == Role.LEADER || role == Role.CANDIDATE))) {
      return out.build();
    }
    becomeFollower(newEpoch, leaderId, out);
    return out.build();
  }

  /**
   * A planned switchover to {@code target} (PostgreSQL's switchover, Kafka's preferred leader
   * election): this leader stops taking writes, waits until every pending write is settled and
   * {@code target} has every record durably, then releases the lease and tells {@code target} to
   * take it. {@code target} recovers a new epoch as after any failover, and finds its own log the
   * most advanced, so nothing is lost in any mode. If that does not happen within an election
   * timeout, this leader takes writes again. Ignored unless this replica leads.
   *
   * @throws IllegalArgumentException if {@code target} is not another replica of the store
   */
  public ReplicaEffects switchover(String target) {
    if (target.equals(self) || !replicas.contains(target)) {
      throw new IllegalArgumentException("cannot switch over to " + target + ": the other replicas are "
          + replicas.stream().filter(r -> !r.equals(self)).toList());
    }
    ReplicaEffects.Builder out = new ReplicaEffects.Builder();
    if (role == Role.LEADER && switchingTo == null) {
      switchingTo = target;
      switchDeadline = now + settings.electionTicks();
      heartbeat(out);
      handOver(out);
    }
    return out.build();
  }

  /** The replica this leader is switching over to, or null. */
  public String switchingTo() {
    return switchingTo;
  }

  private void handOver(ReplicaEffects.Builder out) {
    if (switchingTo == null || role != Role.LEADER) {
      return;
    }
    if (now >= switchDeadline) {
      switchingTo = null; // the target did not catch up in time: lead on
      return;
    }
    Follower f = followers.get(switchingTo);
    if (pending.isEmpty() && awaitingMarker.isEmpty() && durable.durableOffset() >= log.lastOffset()
        && f.acked >= log.lastOffset()) {
      String target = switchingTo;
      out.sends.add(new ReplicaEffects.Send(target, new TakeOver(epoch)));
      out.releaseLease = true;
      releasedAt = now;
      stepDown(out);
      leader = target;
      leaseValidUntil = now;
    }
  }

  private void startRecovery(long newEpoch, ReplicaEffects.Builder out) {
    releasePending(out);
    epoch = newEpoch;
    role = Role.CANDIDATE;
    leader = self;
    recovery = new Recovery(newEpoch, now);
    out.writes.add(durable.issue(-1, List.of(), new ReplicaEffects.Marker.Fence(newEpoch), log.lastOffset()));
    replicas.forEach(r -> out.sends.add(new ReplicaEffects.Send(r, new Fence(newEpoch))));
  }

  private void becomeLeader(ReplicaEffects.Builder out) {
    role = Role.LEADER;
    leader = self;
    recovery = null;
    ledEpochs.add(epoch);
    LogRecord start = new LogRecord(epoch, log.lastOffset() + 1, LogRecord.EpochStart.INSTANCE, false);
    log.append(start);
    epochStartOffset = start.offset();
    out.writes.add(durable.issue(-1, List.of(start), new ReplicaEffects.Marker.Led(epoch), log.lastOffset()));
    followers.clear();
    replicas.stream().filter(r -> !r.equals(self)).forEach(r -> followers.put(r, new Follower()));
    heartbeat(out);
  }

  private void becomeFollower(long newEpoch, String leaderId, ReplicaEffects.Builder out) {
    releasePending(out);
    switchingTo = null;
    epoch = newEpoch;
    role = Role.FOLLOWER;
    leader = leaderId;
    recovery = null;
    synced = false;
    lastHeardLeader = now;
    freshSeq = 0;
    freshAt = Long.MIN_VALUE / 2;
    leaderHighWatermark = 0;
    out.sends.add(new ReplicaEffects.Send(leaderId, new EpochQuery(epoch, log.lastEpoch())));
  }

  /** Stops leading (the lease ran out on this replica's clock, or a newer epoch is known). */
  private void stepDown(ReplicaEffects.Builder out) {
    releasePending(out);
    switchingTo = null;
    role = Role.NONE;
    leader = null;
    recovery = null;
    lastHeardLeader = now;
  }

  // A pending async write is acknowledged when it is durable here, leading or not: that is all
  // ASYNC promises, and it keeps the lost-write count exact. Any other pending write has lost
  // the leader that was collecting its copies, so its outcome is unknown.
  private void releasePending(ReplicaEffects.Builder out) {
    for (Iterator<Map.Entry<Long, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Pending> e = it.next();
      if (!e.getValue().async()) {
        out.replies.add(new ReplicaEffects.Reply(e.getValue().requestId(), Outcome.UNKNOWN, e.getKey(),
            "leadership lost in epoch " + epoch));
        it.remove();
      }
    }
  }

  // ---- inputs ----

  /** A client write on this replica, in {@code mode} (the store's, or weaker). */
  public ReplicaEffects write(long requestId, Object operation, WriteMode mode) {
    return write(requestId, operation, mode, LogPosition.START);
  }

  /**
   * A client write of a session that has seen {@code session}: it is refused unless this leader's
   * log holds that position, so that it is ordered after everything the session wrote or read
   * (monotonic writes, writes follow reads).
   */
  public ReplicaEffects write(long requestId, Object operation, WriteMode mode, LogPosition session) {
    ReplicaEffects.Builder out = new ReplicaEffects.Builder();
    if (role == Role.LEADER && !holds(session)) {
      out.replies.add(new ReplicaEffects.Reply(requestId, Outcome.SESSION_LOST, 0, sessionLost(session)));
      return out.build();
    }
    if (role != Role.LEADER) {
      out.replies.add(role == Role.CANDIDATE
          ? new ReplicaEffects.Reply(requestId, Outcome.UNAVAILABLE, 0, "recovering epoch " + epoch)
          : new ReplicaEffects.Reply(requestId, Outcome.NOT_LEADER, 0, leader));
      return out.build();
    }
    if (switchingTo != null) {
      out.replies.add(new ReplicaEffects.Reply(requestId, Outcome.UNAVAILABLE, 0,
          "switching over to " + switchingTo + "; retry there"));
      return out.build();
    }
    if (!mode.equals(settings.mode()) && !settings.mode().allowsOverride(mode)) {
      out.replies.add(new ReplicaEffects.Reply(requestId, Outcome.UNAVAILABLE, 0,
          "mode " + mode + " is stronger than the store's " + settings.mode()));
      return out.build();
    }
    int required = mode.requiredFollowers(followers.size());
    if (!mode.downgrade() && inSync() < required) {
      out.replies.add(new ReplicaEffects.Reply(requestId, Outcome.UNAVAILABLE, 0,
          mode + " needs " + required + " in-sync followers, " + inSync() + " are"));
      return out.build();
    }
    boolean async = mode.kind() == WriteMode.Kind.ASYNC;
    LogRecord r = new LogRecord(epoch, log.lastOffset() + 1, operation, async);
    log.append(r);
    out.writes.add(durable.issue(-1, List.of(r), null, log.lastOffset()));
    pending.put(r.offset(), new Pending(requestId, required, now + settings.ackTimeoutTicks(), async));
    followers.forEach((id, f) -> replicate(id, f, out));
    return out.build();
  }

  /** One tick of time. */
  public ReplicaEffects tick() {
    ReplicaEffects.Builder out = new ReplicaEffects.Builder();
    now++;
    switch (role) {
      case LEADER -> {
        if (now >= leaseValidUntil) {
          stepDown(out);
        } else {
          heartbeat(out);
          settle(out);
          renew(out);
          handOver(out);
        }
      }
      case CANDIDATE -> {
        if (now >= leaseValidUntil) {
          stepDown(out);
        } else {
          renew(out);
          retryRecovery(out);
        }
      }
      default -> {
        if (now - lastHeardLeader >= settings.electionTicks() + stagger
            && now - lastAsked >= settings.electionTicks()) {
          ask(out);
        }
      }
    }
    return out.build();
  }

  private void renew(ReplicaEffects.Builder out) {
    if (now - lastAsked >= settings.renewTicks()) {
      ask(out);
    }
  }

  private void ask(ReplicaEffects.Builder out) {
    lastAsked = now;
    out.askLease = now;
  }

  private void retryRecovery(ReplicaEffects.Builder out) {
    if (recovery.stalled(now, settings.electionTicks())) {
      recovery.restart(now);
      replicas.forEach(r -> out.sends.add(new ReplicaEffects.Send(r, new Fence(epoch))));
    }
  }

  /** The write {@code token} and every earlier one are durable. */
  public ReplicaEffects persisted(long token) {
    ReplicaEffects.Builder out = new ReplicaEffects.Builder();
    durable.completed(token, out);
    while (!awaitingMarker.isEmpty() && awaitingMarker.firstKey() <= token) {
      Awaiting a = awaitingMarker.pollFirstEntry().getValue();
      downgradedThrough.merge(a.epoch(), a.offset(), Math::max);
      out.replies.add(new ReplicaEffects.Reply(a.requestId(), Outcome.ACKED, a.offset(), "downgraded to async"));
    }
    settle(out);
    handOver(out);
    return out.build();
  }

  /** A message from another replica (or from this one, for its own fence). */
  public ReplicaEffects receive(String from, ReplicaMessage m) {
    ReplicaEffects.Builder out = new ReplicaEffects.Builder();
    if (m.epoch() < epoch) {
      if (!(m instanceof StaleEpoch)) {
        out.sends.add(new ReplicaEffects.Send(from, new StaleEpoch(epoch)));
      }
      return out.build();
    }
    if (m instanceof StaleEpoch s) {
      if (s.epoch() > epoch) {
        stepDown(out);
        epoch = s.epoch();
      }
    } else if (m instanceof Fence f) {
      onFence(from, f, out);
    } else if (m instanceof Fenced f) {
      onFenced(from, f, out);
    } else if (m instanceof Replicate r) {
      onReplicate(from, r, out);
    } else if (m instanceof EpochQuery q) {
      if (q.epoch() == epoch && (role == Role.LEADER || from.equals(leader))) {
        out.sends.add(new ReplicaEffects.Send(from, new EpochAnswer(epoch, log.endOf(q.lastEpoch()))));
      }
    } else if (m instanceof EpochAnswer a) {
      onEpochAnswer(from, a, out);
    } else if (m instanceof Fetch f) {
      onFetch(from, f, out);
    } else if (m instanceof Records r) {
      onRecords(from, r, out);
    } else if (m instanceof Ack a) {
      onAck(from, a, out);
    } else if (m instanceof TakeOver t) {
      if (t.epoch() == epoch && from.equals(leader) && role == Role.FOLLOWER) {
        ask(out);
      }
    }
    return out.build();
  }

  // ---- recovery ----

  private void onFence(String from, Fence f, ReplicaEffects.Builder out) {
    if (f.epoch() > epoch) {
      becomeFollower(f.epoch(), from, out);
      out.writes.add(durable.issue(-1, List.of(), new ReplicaEffects.Marker.Fence(f.epoch()), log.lastOffset()));
    } else if (!from.equals(leader)) {
      return; // the same epoch from another replica cannot happen: one holder per token
    }
    lastHeardLeader = now;
    durable.sendAfterWrites(new ReplicaEffects.Send(from, new Fenced(epoch, log.lastEpoch(), log.lastOffset())), out);
  }

  private void onFenced(String from, Fenced f, ReplicaEffects.Builder out) {
    if (role != Role.CANDIDATE || recovery.phase() != Recovery.Phase.FENCING) {
      return;
    }
    if (!recovery.answered(from, new Recovery.Position(f.lastEpoch(), f.lastOffset()), replicas.size() / 2 + 1, now)) {
      return;
    }
    String source = recovery.chooseSource(self);
    if (source.equals(self)) {
      becomeLeader(out);
    } else {
      out.sends.add(new ReplicaEffects.Send(source, new EpochQuery(epoch, log.lastEpoch())));
    }
  }

  private void onFetch(String from, Fetch f, ReplicaEffects.Builder out) {
    if (f.epoch() == epoch && from.equals(leader) && role == Role.FOLLOWER) {
      long after = Math.min(f.afterOffset(), log.lastOffset());
      out.sends.add(new ReplicaEffects.Send(from, new Records(epoch, after, log.after(after, settings.maxBatch()))));
    }
  }

  private void onRecords(String from, Records r, ReplicaEffects.Builder out) {
    if (role != Role.CANDIDATE || recovery.phase() != Recovery.Phase.SYNCING || !from.equals(recovery.source())) {
      return;
    }
    recovery.progressed(now);
    if (r.afterOffset() == log.lastOffset() && !r.records().isEmpty()) {
      r.records().forEach(log::append);
      out.writes.add(durable.issue(-1, r.records(), null, log.lastOffset()));
    }
    if (r.records().isEmpty() || Recovery.Position.ORDER.compare(position(), recovery.target()) >= 0) {
      becomeLeader(out);
    } else {
      out.sends.add(new ReplicaEffects.Send(from, new Fetch(epoch, log.lastOffset())));
    }
  }

  private Recovery.Position position() {
    return new Recovery.Position(log.lastEpoch(), log.lastOffset());
  }

  // ---- follower ----

  private void onReplicate(String from, Replicate r, ReplicaEffects.Builder out) {
    if (r.epoch() > epoch || (role == Role.NONE && r.epoch() == epoch)) {
      becomeFollower(r.epoch(), from, out);
      return;
    }
    if (role != Role.FOLLOWER || !from.equals(leader)) {
      return;
    }
    lastHeardLeader = now;
    if (!synced) {
      out.sends.add(new ReplicaEffects.Send(from, new EpochQuery(epoch, log.lastEpoch())));
      return;
    }
    if (r.seq() > freshSeq) {
      freshSeq = r.seq();
      freshAt = now;
      leaderHighWatermark = Math.max(leaderHighWatermark, r.highWatermark());
    }
    highWatermark = Math.max(highWatermark, Math.min(r.highWatermark(), log.lastOffset()));
    if (r.prevOffset() > log.lastOffset()) {
      durable.sendAfterWrites(new ReplicaEffects.Send(from, new Ack(epoch, log.lastOffset())), out);
      return;
    }
    List<LogRecord> fresh = r.records().stream().filter(x -> x.offset() > log.lastOffset()).toList();
    if (!fresh.isEmpty()) {
      fresh.forEach(log::append);
      out.writes.add(durable.issue(-1, fresh, null, log.lastOffset()));
      highWatermark = Math.max(highWatermark, Math.min(r.highWatermark(), log.lastOffset()));
    }
    durable.sendAfterWrites(new ReplicaEffects.Send(from, new Ack(epoch, log.lastOffset())), out);
  }

  private void onEpochAnswer(String from, EpochAnswer a, ReplicaEffects.Builder out) {
    boolean asFollower = role == Role.FOLLOWER && !synced && from.equals(leader);
    boolean asCandidate = role == Role.CANDIDATE && recovery.phase() == Recovery.Phase.SYNCING
        && from.equals(recovery.source());
    if (a.epoch() != epoch || !(asFollower || asCandidate)) {
      return;
    }
    if (!reconcile(a, out)) {
      out.sends.add(new ReplicaEffects.Send(from, new EpochQuery(epoch, log.lastEpoch())));
    } else if (asCandidate) {
      recovery.progressed(now);
      out.sends.add(new ReplicaEffects.Send(from, new Fetch(epoch, log.lastOffset())));
    } else {
      synced = true;
      durable.sendAfterWrites(new ReplicaEffects.Send(from, new Ack(epoch, log.lastOffset())), out);
    }
  }

  /**
   * KIP-101 and KIP-279: cuts the log back to where it agrees with the answer. True when it now
   * agrees up to its end; false when the answer was about an older epoch than this log's last, so
   * that it must ask again with its new last epoch (each round goes back at least one epoch).
   */
  private boolean reconcile(EpochAnswer a, ReplicaEffects.Builder out) {
    long cut = log.divergenceAt(a.end());
    if (cut < log.lastOffset()) {
      cutBack(cut, out);
    }
    return log.lastOffset() == 0 || log.lastEpoch() == a.end().epoch();
  }

  private void cutBack(long cut, ReplicaEffects.Builder out) {
    long wasDurable = durable.durableOffset();
    for (LogRecord r : log.truncateAfter(cut)) {
      if (r.offset() <= wasDurable && wasAcknowledged(r)) {
        lostAcknowledged++;
      }
      Pending p = pending.remove(r.offset());
      if (p != null) {
        out.replies.add(new ReplicaEffects.Reply(p.requestId(), Outcome.UNKNOWN, r.offset(),
            "cut back by a failover before it was durable"));
      }
    }
    awaitingMarker.values().removeIf(a -> {
      boolean dropped = a.offset() > cut;
      if (dropped) {
        out.replies.add(new ReplicaEffects.Reply(a.requestId(), Outcome.UNKNOWN, a.offset(),
            "cut back by a failover before its downgrade was recorded"));
      }
      return dropped;
    });
    out.writes.add(durable.issue(cut, List.of(), null, log.lastOffset()));
    highWatermark = Math.min(highWatermark, cut);
  }

  /** Whether a durable record was acknowledged to its client: see the class comment. */
  private boolean wasAcknowledged(LogRecord r) {
    return ledEpochs.contains(r.epoch()) && !r.isEpochStart()
        && (r.async() || r.offset() <= downgradedThrough.getOrDefault(r.epoch(), 0L));
  }

  // ---- leader ----

  private void onAck(String from, Ack a, ReplicaEffects.Builder out) {
    Follower f = followers.get(from);
    if (role != Role.LEADER || a.epoch() != epoch || f == null) {
      return;
    }
    f.acked = Math.min(a.durableOffset(), log.lastOffset());
    f.lastHeard = now;
    settle(out);
    replicate(from, f, out);
    handOver(out);
  }

  private void heartbeat(ReplicaEffects.Builder out) {
    followers.forEach((id, f) -> {
      if (f.acked < 0 || f.acked >= log.lastOffset()) {
        out.sends.add(new ReplicaEffects.Send(id, new Replicate(epoch, log.lastOffset(), List.of(), highWatermark, ++sentSeq)));
      } else {
        replicate(id, f, out);
      }
    });
  }

  private void replicate(String id, Follower f, ReplicaEffects.Builder out) {
    if (f.acked < 0 || f.acked >= log.lastOffset()) {
      return;
    }
    out.sends.add(new ReplicaEffects.Send(id,
        new Replicate(epoch, f.acked, log.after(f.acked, settings.maxBatch()), highWatermark, ++sentSeq)));
  }

  private int inSync() {
    return (int) followers.values().stream().filter(f -> now - f.lastHeard <= settings.inSyncTicks()).count();
  }

  /** Acknowledges every pending write its mode allows, in offset order, and advances the high watermark. */
  private void settle(ReplicaEffects.Builder out) {
    for (Iterator<Map.Entry<Long, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Pending> e = it.next();
      long offset = e.getKey();
      Pending p = e.getValue();
      boolean here = durable.durableOffset() >= offset;
      if (here && (p.async() || copies(offset) >= p.required())) {
        out.replies.add(new ReplicaEffects.Reply(p.requestId(), Outcome.ACKED, offset, null));
        it.remove();
      } else if (p.async() || role != Role.LEADER) {
        continue;
      } else if (now >= p.deadline() && here && settings.mode().downgrade()) {
        downgrade(offset, p, out);
        it.remove();
      } else if (now >= p.deadline()) {
        out.replies.add(new ReplicaEffects.Reply(p.requestId(), Outcome.UNKNOWN, offset, "not acknowledged in time"));
        it.remove();
      }
    }
    if (role == Role.LEADER) {
      int required = settings.mode().requiredFollowers(followers.size());
      for (long o = highWatermark + 1; o <= durable.durableOffset() && copies(o) >= required; o++) {
        highWatermark = o;
      }
    }
  }

  // MySQL's semi-sync falls back to async after rpl_semi_sync_master_timeout; here the fallback is
  // first recorded durably, so that a failover that later drops the write counts it as lost.
  private void downgrade(long offset, Pending p, ReplicaEffects.Builder out) {
    downgrades++;
    ReplicaEffects.Write marker = durable.issue(-1, List.of(),
        new ReplicaEffects.Marker.Downgraded(epoch, offset), log.lastOffset());
    out.writes.add(marker);
    awaitingMarker.put(marker.token(), new Awaiting(epoch, offset, p.requestId()));
  }

  private int copies(long offset) {
    return (int) followers.values().stream().filter(f -> f.acked >= offset).count();
  }

  // ---- reads ----

  /** Where a read at {@code level}, of a session at {@code session}, is served here. */
  public ReadResult read(ReadLevel level, LogPosition session) {
    if (level == ReadLevel.STRONG) {
      if (role != Role.LEADER || now >= leaseValidUntil) {
        return new ReadResult.Refused(Outcome.NOT_LEADER, role == Role.LEADER ? null : leader);
      }
      if (highWatermark < epochStartOffset) {
        return new ReadResult.Refused(Outcome.UNAVAILABLE, "the leader of epoch " + epoch + " is not ready yet");
      }
    }
    long through = servable();
    if (level == ReadLevel.SESSION && role == Role.LEADER && !holds(session)) {
      return new ReadResult.Refused(Outcome.SESSION_LOST, sessionLost(session));
    }
    if (level == ReadLevel.SESSION && (session.offset() > through || !holds(session))) {
      return new ReadResult.Refused(Outcome.UNAVAILABLE, "this replica is behind the session's " + session
          + " (it serves through " + through + ")");
    }
    return new ReadResult.Served(through, positionAt(through));
  }

  /**
   * Where a read that may be at most {@code bound} stale is served here: on the leader as a strong
   * read, on a follower if it is fresh enough ({@link Staleness}); otherwise refused with
   * {@code NOT_LEADER} naming the leader, to go there or wait.
   */
  public ReadResult readBounded(Staleness bound) {
    if (role == Role.LEADER) {
      return read(ReadLevel.STRONG, LogPosition.START);
    }
    long through = servable();
    // As on the leader, nothing is served until the epoch's start record is below the high
    // watermark: a new leader learns the high watermark afresh, and until then it says too little.
    long start = log.startOf(epoch);
    boolean fresh = role == Role.FOLLOWER && synced && now - freshAt <= bound.maxTicks()
        && leaderHighWatermark - through <= bound.maxOffsets() && start > 0 && through >= start;
    return fresh ? new ReadResult.Served(through, positionAt(through))
        : new ReadResult.Refused(Outcome.NOT_LEADER, leader);
  }

  /** What may be read here: durable, and at most the high watermark this replica knows. */
  private long servable() {
    return Math.min(highWatermark, durable.durableOffset());
  }

  // The leader's log is the store's: a position it does not hold will not come back (unless a
  // later failover in ASYNC mode prefers a log that has it, which only ends the session early).
  private String sessionLost(LogPosition session) {
    return "the session saw " + session + ", which the leader of epoch " + epoch
        + " does not hold: a failover discarded it; start a new session";
  }

  private boolean holds(LogPosition p) {
    return p.offset() == 0 || (p.offset() <= log.lastOffset() && log.at(p.offset()).epoch() == p.epoch());
  }

  private LogPosition positionAt(long offset) {
    return offset == 0 ? LogPosition.START : new LogPosition(log.at(offset).epoch(), offset);
  }

  /** The position of the record at {@code offset} in this log, for a write's session token. */
  public LogPosition position(long offset) {
    return positionAt(offset);
  }

  // ---- queries ----

  /** This replica's view now: lag in offsets and ticks, and on the leader each follower's. */
  public ReplicaStatus status() {
    boolean leading = role == Role.LEADER;
    Map<String, ReplicaStatus.FollowerStatus> progress = new TreeMap<>();
    if (leading) {
      followers.forEach((id, f) -> {
        long acked = Math.max(0, f.acked);
        progress.put(id, new ReplicaStatus.FollowerStatus(acked, log.lastOffset() - acked,
            f.lastHeard < 0 ? -1 : now - f.lastHeard));
      });
    }
    long lag = leading ? 0 : Math.max(0, leaderHighWatermark - servable());
    long since = leading ? 0 : freshAt < 0 ? -1 : now - freshAt;
    return new ReplicaStatus(self, role, epoch, leader, log.lastOffset(), highWatermark, servable(), lag, since,
        progress, lostAcknowledged, downgrades);
  }

  /** This replica's part now. */
  public Role role() {
    return role;
  }

  /** The newest epoch this replica knows. */
  public long epoch() {
    return epoch;
  }

  /** The leader it knows of, or null. */
  public String leader() {
    return leader;
  }

  /** The highest offset stored on every replica the store's mode requires. */
  public long highWatermark() {
    return highWatermark;
  }

  /** Acknowledged writes this replica dropped when a failover cut its log back. */
  public long lostAcknowledged() {
    return lostAcknowledged;
  }

  /** Writes acknowledged as async because their followers did not answer in time. */
  public long downgrades() {
    return downgrades;
  }

  /** The log, for reads and tests. */
  public EpochLog log() {
    return log;
  }
}
