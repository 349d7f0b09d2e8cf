package dev.chorus.replication.leaderfollower;

import dev.chorus.replication.leaderfollower.ReplicaEffects.Outcome;
import dev.chorus.replication.leaderfollower.ReplicaMessage.Ack;
import dev.chorus.replication.leaderfollower.ReplicaMessage.EpochAnswer;
import dev.chorus.replication.leaderfollower.ReplicaMessage.EpochQuery;
import dev.chorus.replication.leaderfollower.ReplicaMessage.Replicate;
import dev.chorus.replication.leaderfollower.ReplicaMessage.StaleEpoch;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One replica of a leader-follower store, as a pure state machine: no I/O, threads or clock.
 * Who leads is decided outside (by {@code LeaderElection}, whose fencing token is the epoch) and
 * given as {@link #lead(long)} or {@link #follow(long, String)}.
 *
 * <p>The leader appends each write to its log in its epoch, replicates it, and acknowledges it as
 * its {@link WriteMode} says. A follower that starts following an epoch first asks the leader
 * where its own last epoch ends (Kafka KIP-101), cuts back a divergent suffix, and only then
 * takes records; it acknowledges only what is durable. Every message carries its epoch, and a
 * replica that knows a newer epoch refuses an older one's messages, so a deposed leader cannot
 * get a write acknowledged once a majority has moved on (the fence).
 *
 * <p>Lost-write accounting: a replica remembers (durably) the epochs it led. When it cuts back a
 * suffix containing records of those epochs that were acknowledged on the leader's fsync alone
 * (async), it counts them: acknowledged writes a failover discarded.
 */
public final class ReplicaCore {
  /** This replica's part. */
  public enum Role { LEADER, FOLLOWER, NONE }

  private record Pending(long requestId, int required, long deadline) {}

  private static final class Follower {
    long acked = -1;
    long lastHeard = Long.MIN_VALUE / 2;
  }

  private final String self;
  private final List<String> replicas;
  private final ReplicationSettings settings;
  private final EpochLog log = new EpochLog();
  private final Durable durable = new Durable();
  private final Set<Long> ledEpochs = new HashSet<>();
  private final Map<String, Follower> followers = new TreeMap<>();
  private final TreeMap<Long, Pending> pending = new TreeMap<>();
  private Role role = Role.NONE;
  private String leader;
  private long epoch;
  private boolean synced;
  private long highWatermark;
  private long now;
  private long lostAcknowledged;
  private long downgrades;

  private ReplicaCore(String self, List<String> replicas, ReplicationSettings settings) {
    this.self = self;
    this.replicas = List.copyOf(replicas);
    this.settings = settings;
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
      if (w.ledEpoch() > 0) {
        core.ledEpochs.add(w.ledEpoch());
        core.epoch = Math.max(core.epoch, w.ledEpoch());
      }
    }
    core.epoch = Math.max(core.epoch, core.log.lastEpoch());
    core.durable.recovered(core.log.lastOffset());
    return core;
  }

  // ---- leadership, decided outside ----

  /** This replica leads {@code newEpoch}, which must be newer than any it knows. */
  public ReplicaEffects lead(long newEpoch) {
    ReplicaEffects.Builder out = new ReplicaEffects.Builder();
    if (newEpoch <= epoch) {
      throw new IllegalArgumentException("epoch " + newEpoch + " is not newer than " + epoch);
    }
    epoch = newEpoch;
    role = Role.LEADER;
    leader = self;
    ledEpochs.add(newEpoch);
    out.writes.add(durable.issue(-1, List.of(), newEpoch, log.lastOffset()));
    followers.clear();
    replicas.stream().filter(r -> !r.equals(self)).forEach(r -> followers.put(r, new Follower()));
    heartbeat(out);
    return out.build();
  }

  /** This replica follows {@code leaderId} in {@code newEpoch}; it first reconciles its log. */
  public ReplicaEffects follow(long newEpoch, String leaderId) {
    ReplicaEffects.Builder out = new ReplicaEffects.Builder();
    if (newEpoch < epoch || (newEpoch == epoch && role == Role.LEADER)) {
      return out.build();
    }
    becomeFollower(newEpoch, leaderId, out);
    return out.build();
  }

  private void becomeFollower(long newEpoch, String leaderId, ReplicaEffects.Builder out) {
    if (role == Role.LEADER) {
      failPending(out);
    }
    epoch = newEpoch;
    role = Role.FOLLOWER;
    leader = leaderId;
    synced = false;
    out.sends.add(new ReplicaEffects.Send(leaderId, new EpochQuery(epoch, log.lastEpoch())));
  }

  // ---- inputs ----

  /** A client write on this replica, in {@code mode} (the store's, or weaker). */
  public ReplicaEffects write(long requestId, Object operation, WriteMode mode) {
    ReplicaEffects.Builder out = new ReplicaEffects.Builder();
    if (role != Role.LEADER) {
      out.replies.add(new ReplicaEffects.Reply(requestId, Outcome.NOT_LEADER, 0, leader));
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
    LogRecord r = new LogRecord(epoch, log.lastOffset() + 1, operation, mode.kind() == WriteMode.Kind.ASYNC);
    log.append(r);
    out.writes.add(durable.issue(-1, List.of(r), 0, log.lastOffset()));
    pending.put(r.offset(), new Pending(requestId, required, now + settings.ackTimeoutTicks()));
    followers.forEach((id, f) -> replicate(id, f, out));
    return out.build();
  }

  /** One tick of time. */
  public ReplicaEffects tick() {
    ReplicaEffects.Builder out = new ReplicaEffects.Builder();
    now++;
    if (role == Role.LEADER) {
      heartbeat(out);
      settle(out);
    }
    return out.build();
  }

  /** The write {@code token} and every earlier one are durable. */
  public ReplicaEffects persisted(long token) {
    ReplicaEffects.Builder out = new ReplicaEffects.Builder();
    durable.completed(token, out);
    if (role == Role.LEADER) {
      settle(out);
    }
    return out.build();
  }

  /** A message from another replica. */
  public ReplicaEffects receive(String from, ReplicaMessage m) {
    ReplicaEffects.Builder out = new ReplicaEffects.Builder();
    if (m.epoch() < epoch) {
      out.sends.add(new ReplicaEffects.Send(from, new StaleEpoch(epoch)));
      return out.build();
    }
    if (m instanceof StaleEpoch s) {
      if (s.epoch() > epoch) {
        stepDown(s.epoch(), out);
      }
    } else if (m instanceof Replicate r) {
      onReplicate(from, r, out);
    } else if (m instanceof EpochQuery q) {
      if (role == Role.LEADER && q.epoch() == epoch) {
        out.sends.add(new ReplicaEffects.Send(from, new EpochAnswer(epoch, log.endOf(q.lastEpoch()))));
      }
    } else if (m instanceof EpochAnswer a) {
      onEpochAnswer(from, a, out);
    } else if (m instanceof Ack a) {
      onAck(from, a, out);
    }
    return out.build();
  }

  // ---- follower ----

  private void onReplicate(String from, Replicate r, ReplicaEffects.Builder out) {
    if (r.epoch() > epoch || role != Role.FOLLOWER || !from.equals(leader)) {
      becomeFollower(r.epoch(), from, out);
      return;
    }
    if (!synced) {
      return;
    }
    highWatermark = Math.max(highWatermark, Math.min(r.highWatermark(), log.lastOffset()));
    if (r.prevOffset() > log.lastOffset()) {
      durable.sendAfterWrites(new ReplicaEffects.Send(from, new Ack(epoch, log.lastOffset())), out);
      return;
    }
    List<LogRecord> fresh = r.records().stream().filter(x -> x.offset() > log.lastOffset()).toList();
    if (!fresh.isEmpty()) {
      fresh.forEach(log::append);
      out.writes.add(durable.issue(-1, fresh, 0, log.lastOffset()));
      highWatermark = Math.max(highWatermark, Math.min(r.highWatermark(), log.lastOffset()));
    }
    durable.sendAfterWrites(new ReplicaEffects.Send(from, new Ack(epoch, log.lastOffset())), out);
  }

  private void onEpochAnswer(String from, EpochAnswer a, ReplicaEffects.Builder out) {
    if (role != Role.FOLLOWER || synced || !from.equals(leader) || a.epoch() != epoch) {
      return;
    }
    long cut = log.divergenceAt(a.end());
    if (cut < log.lastOffset()) {
      List<LogRecord> dropped = log.truncateAfter(cut);
      lostAcknowledged += dropped.stream().filter(x -> x.async() && ledEpochs.contains(x.epoch())).count();
      out.writes.add(durable.issue(cut, List.of(), 0, log.lastOffset()));
      highWatermark = Math.min(highWatermark, cut);
    }
    synced = true;
    durable.sendAfterWrites(new ReplicaEffects.Send(from, new Ack(epoch, log.lastOffset())), out);
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
  }

  private void heartbeat(ReplicaEffects.Builder out) {
    followers.forEach((id, f) -> {
      if (f.acked < 0 || f.acked >= log.lastOffset()) {
        out.sends.add(new ReplicaEffects.Send(id, new Replicate(epoch, log.lastOffset(), List.of(), highWatermark)));
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
        new Replicate(epoch, f.acked, log.after(f.acked, settings.maxBatch()), highWatermark)));
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
      if (here && copies(offset) >= p.required()) {
        out.replies.add(new ReplicaEffects.Reply(p.requestId(), Outcome.ACKED, offset, null));
        it.remove();
      } else if (now >= p.deadline() && here && p.required() > 0 && settings.mode().downgrade()) {
        downgrades++;
        out.replies.add(new ReplicaEffects.Reply(p.requestId(), Outcome.ACKED, offset, "downgraded to async"));
        it.remove();
      } else if (now >= p.deadline()) {
        out.replies.add(new ReplicaEffects.Reply(p.requestId(), Outcome.UNKNOWN, offset, "not acknowledged in time"));
        it.remove();
      }
    }
    int required = settings.mode().requiredFollowers(followers.size());
    for (long o = highWatermark + 1; o <= durable.durableOffset() && copies(o) >= required; o++) {
      highWatermark = o;
    }
  }

  private int copies(long offset) {
    return (int) followers.values().stream().filter(f -> f.acked >= offset).count();
  }

  private void stepDown(long newEpoch, ReplicaEffects.Builder out) {
    failPending(out);
    epoch = newEpoch;
    role = Role.NONE;
    leader = null;
  }

  private void failPending(ReplicaEffects.Builder out) {
    pending.forEach((offset, p) -> out.replies.add(new ReplicaEffects.Reply(p.requestId(), Outcome.UNKNOWN, offset,
        "leadership lost in epoch " + epoch)));
    pending.clear();
  }

  // ---- queries ----

  public Role role() {
    return role;
  }

  public long epoch() {
    return epoch;
  }

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
