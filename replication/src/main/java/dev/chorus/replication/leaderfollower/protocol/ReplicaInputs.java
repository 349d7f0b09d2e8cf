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
import dev.chorus.replication.leaderfollower.protocol.ReplicaMessage.StaleEpoch;
import dev.chorus.replication.leaderfollower.protocol.ReplicaMessage.TakeOver;

/**
 * What a replica does on each input that is not a client's: the lease's answers, a tick, a
 * completed write and a message from another replica, each sent on to the role that handles it.
 * State lives in {@link ReplicaCore}; this holds the routing.
 */
final class ReplicaInputs {
  private final ReplicaCore c;

  ReplicaInputs(ReplicaCore c) {
    this.c = c;
  }

  /** See {@link ReplicaCore#leaseGranted(long, long)}. */
  ReplicaEffects leaseGranted(long token, long askedAt) {
    ReplicaEffects.Builder out = new ReplicaEffects.Builder();
    if (token < c.epoch() || c.lease.askedBeforeRelease(askedAt)) {
      return out.build(); // a late answer to an old request, or to one asked before a switchover
    }
    if (token == c.epoch() && (c.role() == ReplicaRole.NONE || c.role() == ReplicaRole.FOLLOWER)) {
      // Its own lease, renewed, but it stopped leading that epoch (the lease ran out on its own
      // clock, or it restarted). An epoch is never led twice: a restarted leader may have lost
      // records that followers hold, and would write others at the same offsets. So it lets the
      // lease lapse, and asks again for a new token.
      c.lease.letLapse(c.now());
      return out.build();
    }
    c.lease.granted(askedAt);
    if (token > c.epoch()) {
      c.startRecovery(token, out);
    }
    return out.build();
  }

  /** One tick, the core's clock already advanced. */
  ReplicaEffects tick() {
    ReplicaEffects.Builder out = new ReplicaEffects.Builder();
    long now = c.now();
    LeaderState l = c.asLeader();
    Recovery recovery = c.asCandidate();
    if ((l != null || recovery != null) && !c.lease.holds(now)) {
      c.stepDown(c.epoch(), null, out);
    } else if (l != null) {
      c.leading.heartbeat(l, out);
      c.leading.settle(out);
      c.lease.renew(now, out);
      c.leading.handOver(out);
    } else if (recovery != null) {
      c.lease.renew(now, out);
      if (recovery.stalled(now, c.settings.electionTicks())) {
        recovery.restart(now);
        c.replicas.forEach(r -> out.sends.add(new ReplicaEffects.Send(r, new Fence(c.epoch()))));
      }
    } else {
      c.lease.askIfLeaderless(now, out);
    }
    return out.build();
  }

  /** See {@link ReplicaCore#persisted(long)}. */
  ReplicaEffects persisted(long token) {
    ReplicaEffects.Builder out = new ReplicaEffects.Builder();
    c.durable.completed(token, out);
    c.lostWrites.durableThrough(token);
    c.pending.markersDurable(token, c.lostWrites, out);
    c.leading.settle(out);
    c.leading.handOver(out);
    return out.build();
  }

  /** See {@link ReplicaCore#receive(String, ReplicaMessage)}. */
  ReplicaEffects receive(String from, ReplicaMessage m) {
    ReplicaEffects.Builder out = new ReplicaEffects.Builder();
    if (m.epoch() < c.epoch()) {
      if (!(m instanceof StaleEpoch)) {
        out.sends.add(new ReplicaEffects.Send(from, new StaleEpoch(c.epoch())));
      }
      return out.build();
    }
    if (m instanceof StaleEpoch s) {
      if (s.epoch() > c.epoch()) {
        c.stepDown(s.epoch(), null, out);
      }
    } else if (m instanceof Fence f) {
      c.following.onFence(from, f, out);
    } else if (m instanceof Fenced f) {
      c.following.onFenced(from, f, out);
    } else if (m instanceof Replicate r) {
      c.following.onReplicate(from, r, out);
    } else if (m instanceof EpochQuery q) {
      if (q.epoch() == c.epoch() && (c.role() == ReplicaRole.LEADER || from.equals(c.leader()))) {
        out.sends.add(new ReplicaEffects.Send(from, new EpochAnswer(c.epoch(), c.log.endOf(q.lastEpoch()))));
      }
    } else if (m instanceof EpochAnswer a) {
      c.following.onEpochAnswer(from, a, out);
    } else if (m instanceof Fetch f) {
      c.following.onFetch(from, f, out);
    } else if (m instanceof Records r) {
      c.following.onRecords(from, r, out);
    } else if (m instanceof InstallSnapshot i) {
      c.following.onInstallSnapshot(from, i, out);
    } else if (m instanceof Ack a) {
      c.leading.onAck(from, a, out);
    } else if (m instanceof TakeOver t) {
      if (t.epoch() == c.epoch() && from.equals(c.leader()) && c.role() == ReplicaRole.FOLLOWER) {
        c.lease.takeOver(c.now(), out);
      }
    }
    return out.build();
  }
}
