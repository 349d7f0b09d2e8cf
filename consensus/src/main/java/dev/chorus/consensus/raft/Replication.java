package dev.chorus.consensus.raft;

import dev.chorus.consensus.RaftSettings;
import dev.chorus.consensus.Role;
import dev.chorus.consensus.raft.RaftMessage.Append;
import dev.chorus.consensus.raft.RaftMessage.AppendResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The leader's side of log replication (§5.3): per-follower progress, pipelined and batched
 * AppendEntries, fast back-off on conflicts, heartbeats, check-quorum, and commitment.
 */
final class Replication {
  private final RaftCore core;
  private final Map<String, Progress> progress = new HashMap<>();
  private String transferee;
  private int transferElapsed;

  Replication(RaftCore core) {
    this.core = core;
  }

  /** A new term's leadership: every follower is probed from just after the leader's last entry. */
  void start() {
    progress.clear();
    configChanged();
  }

  /** The configuration changed: follow every other member, voter or learner, and only them. */
  void configChanged() {
    List<String> members = core.config().otherMembers(core.id());
    progress.keySet().retainAll(members);
    for (String peer : members) {
      progress.computeIfAbsent(peer, p -> new Progress(core.log().lastIndex() + 1));
    }
    if (transferee != null && !core.voters().contains(transferee)) {
      transferee = null;
    }
  }

  /** Leadership ended. */
  void stop() {
    transferee = null;
  }

  /** Starts handing leadership to {@code target}; false if it is not another voter. */
  boolean transfer(String target) {
    if (!progress.containsKey(target) || !core.voters().contains(target)) {
      return false;
    }
    transferee = target;
    transferElapsed = 0;
    maybeTimeoutNow();
    return true;
  }

  boolean transferring() {
    return transferee != null;
  }

  String transferee() {
    return transferee;
  }

  /** Once the target's log matches the leader's, it may start its election (thesis §3.10). */
  private void maybeTimeoutNow() {
    Progress p = progress.get(transferee);
    if (p.match == core.log().lastIndex()) {
      core.sendNow(transferee, new RaftMessage.TimeoutNow(core.term()));
    } else {
      replicate(transferee, p);
    }
  }

  void tick() {
    RaftSettings s = core.settings();
    if (transferee != null && ++transferElapsed >= s.electionTicks()) {
      transferee = null;
    }
    Timers timers = core.timers();
    timers.heartbeatElapsed++;
    if (++timers.electionElapsed >= s.electionTicks()) {
      timers.electionElapsed = 0;
      if (s.checkQuorum() && !quorumActive()) {
        // §6.2 / thesis §3.6: a leader cut off from a majority steps down, so that clients
        // go looking for the new one instead of waiting on it.
        core.becomeFollower(core.term(), null);
        return;
      }
    }
    if (timers.heartbeatElapsed >= s.heartbeatTicks()) {
      timers.heartbeatElapsed = 0;
      heartbeat();
    }
  }

  private boolean quorumActive() {
    int active = core.isVoter() ? 1 : 0;
    for (Map.Entry<String, Progress> e : progress.entrySet()) {
      Progress p = e.getValue();
      active += p.recentActive && core.voters().contains(e.getKey()) ? 1 : 0;
      p.recentActive = false;
    }
    return active >= core.quorum();
  }

  /**
   * Heartbeats carry the commit index (§5.2) and start a new round for reads. A follower that
   * acknowledged nothing since the last heartbeat while batches were in flight lost one: probe
   * again from its match. Every follower hears something each heartbeat.
   */
  private void heartbeat() {
    core.reads().newRound();
    for (Map.Entry<String, Progress> e : progress.entrySet()) {
      Progress p = e.getValue();
      if (!p.inflight.isEmpty() && !p.ackedSinceHeartbeat) {
        p.reprobe();
      }
      if (p.snapshotInflight && !p.ackedSinceHeartbeat) {
        p.snapshotInflight = false;
      }
      p.ackedSinceHeartbeat = false;
      if (replicate(e.getKey(), p) == 0) {
        sendHeartbeat(e.getKey(), p);
      }
    }
  }

  /** An empty AppendEntries after the follower's match, now, to each of {@code followers}. */
  void heartbeat(List<String> followers) {
    for (String peer : followers) {
      Progress p = progress.get(peer);
      if (p != null) {
        sendHeartbeat(peer, p);
      }
    }
  }

  private void sendHeartbeat(String peer, Progress p) {
    RaftLog log = core.log();
    long prev = Math.max(p.match, log.baseIndex());
    core.sendNow(peer, new Append(core.term(), prev, log.term(prev), List.of(),
        Math.min(core.commitIndex(), p.match), core.reads().round()));
  }

  void replicateAll() {
    progress.forEach(this::replicate);
  }

  /**
   * Sends what the follower lacks: one batch while probing, up to maxInflight otherwise.
   *
   * @return how many AppendEntries went out
   */
  private int replicate(String peer, Progress p) {
    RaftSettings s = core.settings();
    int limit = p.probing ? 1 : s.maxInflight();
    RaftLog log = core.log();
    if (p.next <= log.baseIndex()) {
      return sendSnapshot(peer, p);
    }
    if (p.probing && !p.inflight.isEmpty()) {
      return 0;
    }
    if (p.probing && p.next > log.lastIndex()) {
      sendAppend(peer, p, List.of());
      return 1;
    }
    int sent = 0;
    while (p.inflight.size() < limit && p.next <= log.lastIndex()) {
      sendAppend(peer, p, log.slice(p.next, s.maxBatchEntries(), s.maxBatchBytes(), s.commandSize()));
      sent++;
    }
    return sent;
  }

  /** The follower needs entries compacted away: send the snapshot instead, a chunk at a time (§7). */
  private int sendSnapshot(String peer, Progress p) {
    Snapshot s = core.snapshot();
    if (p.snapshotIndex != s.index()) {
      p.snapshotIndex = s.index();
      p.snapshotOffset = 0;
      p.snapshotInflight = false;
    }
    if (p.snapshotInflight) {
      return 0;
    }
    int size = s.data().size();
    int from = (int) Math.min(p.snapshotOffset, size);
    int to = Math.min(size, from + core.settings().snapshotChunkBytes());
    core.sendNow(peer, new RaftMessage.InstallSnapshot(core.term(), s.index(), s.term(), s.config(), from,
        s.data().slice(from, to), to == size));
    p.snapshotInflight = true;
    return 1;
  }

  /** A follower's answer to AppendEntries or to InstallSnapshot. */
  void receive(String from, RaftMessage m) {
    if (m instanceof AppendResponse r) {
      onAppendResponse(from, r);
    } else if (m instanceof RaftMessage.InstallSnapshotResponse r) {
      onInstallSnapshotResponse(from, r);
    }
  }

  private void onInstallSnapshotResponse(String from, RaftMessage.InstallSnapshotResponse r) {
    if (r.term() > core.term()) {
      core.becomeFollower(r.term(), null);
      return;
    }
    Progress p = progress.get(from);
    if (core.role() != Role.LEADER || r.term() < core.term() || p == null || r.index() != p.snapshotIndex) {
      return;
    }
    p.recentActive = true;
    p.ackedSinceHeartbeat = true;
    p.snapshotInflight = false;
    if (r.installed()) {
      p.snapshotIndex = -1;
      p.match = Math.max(p.match, r.index());
      p.next = p.match + 1;
      p.inflight.clear();
      p.probing = true;
      maybeCommit();
    } else {
      p.snapshotOffset = r.nextOffset();
    }
    replicate(from, p);
  }

  private void sendAppend(String peer, Progress p, List<Entry> entries) {
    long prev = p.next - 1;
    Append a = new Append(core.term(), prev, core.log().term(prev), entries, core.commitIndex(),
        core.reads().round());
    if (!entries.isEmpty() || p.probing) {
      p.inflight.addLast(a.lastIndex());
    }
    p.next = a.lastIndex() + 1;
    core.sendNow(peer, a);
  }

  private void onAppendResponse(String from, AppendResponse r) {
    if (r.term() > core.term()) {
      core.becomeFollower(r.term(), null);
      return;
    }
    Progress p = progress.get(from);
    if (core.role() != Role.LEADER || r.term() < core.term() || p == null) {
      return;
    }
    p.recentActive = true;
    core.reads().onEcho(from, r.round());
    if (r.success()) {
      p.acknowledged(r.matchIndex());
      maybeCommit();
    } else if (r.conflictIndex() > p.match) {
      backOff(p, r);
    }
    replicate(from, p);
    if (from.equals(transferee)) {
      maybeTimeoutNow();
    }
  }

  /**
   * Skips back a whole term at once: to just after the leader's last entry of the follower's
   * conflicting term if the leader has one, else to the first index of that term there.
   */
  private void backOff(Progress p, AppendResponse r) {
    long next = r.conflictIndex();
    if (r.conflictTerm() > 0) {
      long last = core.log().lastIndexOfTerm(r.conflictTerm());
      if (last > 0) {
        next = last + 1;
      }
    }
    p.inflight.clear();
    p.probing = true;
    p.next = Math.max(p.match + 1, Math.min(next, core.log().lastIndex() + 1));
  }

  /**
   * Commits the highest index stored on a quorum, counting the leader only as far as its own log
   * is durable, and only if that entry is of the current term (§5.4.2: counting replicas never
   * commits an entry of an earlier term directly).
   */
  void maybeCommit() {
    List<Long> matches = new ArrayList<>();
    if (core.isVoter()) {
      matches.add(core.durableIndex());
    }
    for (String voter : core.peers()) {
      Progress p = progress.get(voter);
      matches.add(p == null ? 0 : p.match);
    }
    matches.sort((a, b) -> Long.compare(b, a));
    long n = matches.get(core.quorum() - 1);
    if (n > core.commitIndex() && core.log().term(n) == core.term()) {
      core.advanceCommit(n);
      for (Map.Entry<String, Progress> e : progress.entrySet()) {
        if (e.getValue().inflight.isEmpty()) {
          sendAppend(e.getKey(), e.getValue(), List.of());
        }
      }
    }
  }

  /** The match index of {@code peer}, for metrics and tests; -1 if unknown. */
  long matchOf(String peer) {
    Progress p = progress.get(peer);
    return p == null ? -1 : p.match;
  }
}
