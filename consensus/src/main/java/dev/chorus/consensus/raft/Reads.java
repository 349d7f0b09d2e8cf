package dev.chorus.consensus.raft;

import dev.chorus.consensus.RaftSettings;
import dev.chorus.consensus.Role;
import dev.chorus.consensus.raft.RaftMessage.ReadIndexRequest;
import dev.chorus.consensus.raft.RaftMessage.ReadIndexResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Linearizable reads without writing to the log (thesis §6.4): ReadIndex on the leader, the same
 * forwarded from a follower, and lease reads (§6.4.1).
 *
 * <p>ReadIndex: the leader notes its commit index, then confirms it still leads by a heartbeat
 * round that a quorum answers; a read served once that index is applied is linearizable. Each
 * heartbeat round has a number; followers echo it, so a round answered by a quorum proves
 * leadership after every read registered before it began. A leader serves reads only once an
 * entry of its own term is committed, since until then its commit index may lag (§6.4 step 1).
 *
 * <p>Lease: while a quorum answered a round that began less than {@code electionTicks -
 * leaseMarginTicks} ticks ago, no other leader can have been elected, because those voters
 * ignore vote requests for an election timeout after hearing from a leader (§4.2.3). The margin
 * covers ticks running at different rates on different nodes.
 */
final class Reads {
  private record Pending(String origin, long readId, long index, long round) {}

  private final RaftCore core;
  private final TreeMap<Long, Long> roundStartedAt = new TreeMap<>();
  private final Map<String, Long> echoed = new HashMap<>();
  private final List<Pending> awaitingCommit = new ArrayList<>();
  private final List<Pending> awaitingQuorum = new ArrayList<>();
  private final List<ReadState> awaitingApply = new ArrayList<>();
  private final Set<Long> forwarded = new LinkedHashSet<>();
  private List<ReadState> ready = new ArrayList<>();
  private List<Long> failed = new ArrayList<>();
  private long round;

  Reads(RaftCore core) {
    this.core = core;
  }

  /** The current heartbeat round, carried by every AppendEntries. */
  long round() {
    return round;
  }

  /** Starts a heartbeat round now. */
  long newRound() {
    roundStartedAt.put(++round, core.now());
    return round;
  }

  /** A new leadership: answers from earlier terms prove nothing. */
  void leaderStarted() {
    echoed.clear();
    roundStartedAt.clear();
  }

  /** A client read on this node, by ReadIndex, or by lease when {@code lease} and it holds. */
  void read(long readId, boolean lease) {
    if (core.role() == Role.LEADER) {
      if (lease && ownTermCommitted() && leaseHeld()) {
        awaitingApply.add(new ReadState(readId, core.commitIndex()));
      } else {
        register(new Pending(null, readId, -1, -1));
      }
    } else if (core.leader() != null) {
      forwarded.add(readId);
      core.send(core.leader(), new ReadIndexRequest(core.term(), readId));
    } else {
      failed.add(readId);
    }
  }

  /** A follower's ReadIndex request, or the leader's answer to this node's (answers of other terms are stale). */
  void receive(String from, RaftMessage m) {
    if (m instanceof ReadIndexRequest r) {
      onReadIndexRequest(from, r);
    } else if (((ReadIndexResponse) m).term() == core.term()) {
      onReadIndexResponse((ReadIndexResponse) m);
    }
  }

  private void onReadIndexRequest(String from, ReadIndexRequest r) {
    if (core.role() != Role.LEADER || r.term() != core.term()) {
      core.send(from, new ReadIndexResponse(core.term(), r.readId(), 0, false));
    } else {
      register(new Pending(from, r.readId(), -1, -1));
    }
  }

  private void onReadIndexResponse(ReadIndexResponse r) {
    if (!forwarded.remove(r.readId())) {
      return;
    }
    if (r.ok()) {
      awaitingApply.add(new ReadState(r.readId(), r.index()));
    } else {
      failed.add(r.readId());
    }
  }

  // Reads that arrive while a round of reads is in flight wait for it, then share the next round
  // (one heartbeat to each follower for all of them), as etcd's server batches ReadIndex. Safe:
  // the next round starts after they arrived, and its commit index is at least theirs then.
  private void register(Pending p) {
    awaitingCommit.add(p);
    if (ownTermCommitted() && awaitingQuorum.isEmpty()) {
      confirmAwaitingCommit();
    }
  }

  /**
   * Every read waiting for the leader's first commit, or for the round in flight, gets the commit
   * index and one new round.
   */
  private void confirmAwaitingCommit() {
    if (awaitingCommit.isEmpty()) {
      return;
    }
    long r = newRound();
    for (Pending p : awaitingCommit) {
      awaitingQuorum.add(new Pending(p.origin(), p.readId(), core.commitIndex(), r));
    }
    awaitingCommit.clear();
    core.heartbeat(quickestQuorum());
    release();
  }

  // A round needs answers from a quorum, not from every follower: with the leader's own vote,
  // quorum - 1 of them. So a read round asks only the followers that answered the newest rounds,
  // which halves the messages per round in a group of three. A follower that falls silent stops
  // being asked; and every follower still hears the heartbeat of each tick, which starts a later
  // round, so reads waiting on a silent follower are confirmed by the next tick's round instead.
  private List<String> quickestQuorum() {
    int needed = core.quorum() - (core.isVoter() ? 1 : 0);
    List<String> peers = new ArrayList<>(core.peers());
    peers.sort(Comparator.comparingLong((String p) -> echoed.getOrDefault(p, 0L)).reversed());
    return peers.subList(0, Math.min(needed, peers.size()));
  }

  /** The commit index advanced on the leader. */
  void onCommit() {
    if (ownTermCommitted() && awaitingQuorum.isEmpty()) {
      confirmAwaitingCommit();
    }
  }

  /** A follower answered an AppendEntries of {@code r} in this term. */
  void onEcho(String from, long r) {
    echoed.merge(from, r, Math::max);
    release();
  }

  private void release() {
    long confirmed = confirmedRound();
    for (Iterator<Pending> it = awaitingQuorum.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (p.round() <= confirmed) {
        it.remove();
        confirmed(p);
      }
    }
    roundStartedAt.headMap(confirmed).clear();
    if (awaitingQuorum.isEmpty() && !awaitingCommit.isEmpty() && ownTermCommitted()) {
      confirmAwaitingCommit();
    }
  }

  private void confirmed(Pending p) {
    if (p.origin() == null) {
      awaitingApply.add(new ReadState(p.readId(), p.index()));
    } else {
      core.send(p.origin(), new ReadIndexResponse(core.term(), p.readId(), p.index(), true));
    }
  }

  /** The newest round a quorum (this leader included) has answered. */
  private long confirmedRound() {
    List<Long> rounds = new ArrayList<>();
    if (core.isVoter()) {
      rounds.add(round);
    }
    for (String peer : core.peers()) {
      rounds.add(echoed.getOrDefault(peer, 0L));
    }
    rounds.sort((a, b) -> Long.compare(b, a));
    return rounds.get(core.quorum() - 1);
  }

  /** Whether this leader may serve a read by its lease now; package-private for the simulator's lease invariant. */
  boolean leaseHeld() {
    RaftSettings s = core.settings();
    Long began = roundStartedAt.get(confirmedRound());
    return s.checkQuorum() && began != null
        && core.now() < began + s.electionTicks() - s.leaseMarginTicks();
  }

  private boolean ownTermCommitted() {
    return core.termAt(core.commitIndex()) == core.term();
  }

  /** Leadership ended: reads not yet confirmed fail here, and at the followers that asked. */
  void steppedDown() {
    for (Pending p : concat(awaitingCommit, awaitingQuorum)) {
      if (p.origin() == null) {
        failed.add(p.readId());
      } else {
        core.send(p.origin(), new ReadIndexResponse(core.term(), p.readId(), 0, false));
      }
    }
    awaitingCommit.clear();
    awaitingQuorum.clear();
  }

  /** The leader this follower knew changed: answers to forwarded reads may never come. */
  void leaderChanged() {
    failed.addAll(forwarded);
    forwarded.clear();
  }

  private static List<Pending> concat(List<Pending> a, List<Pending> b) {
    List<Pending> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** Reads whose index is applied, then those that failed; both handed out once. */
  List<ReadState> drainReady(long applied) {
    for (Iterator<ReadState> it = awaitingApply.iterator(); it.hasNext(); ) {
      ReadState r = it.next();
      if (r.index() <= applied) {
        it.remove();
        ready.add(r);
      }
    }
    List<ReadState> out = ready;
    ready = new ArrayList<>();
    return out;
  }

  List<Long> drainFailed() {
    List<Long> out = failed;
    failed = new ArrayList<>();
    return out;
  }
}
