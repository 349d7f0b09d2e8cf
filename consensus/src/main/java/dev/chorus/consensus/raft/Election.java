package dev.chorus.consensus.raft;

import dev.chorus.consensus.Role;
import dev.chorus.consensus.raft.RaftMessage.VoteRequest;
import dev.chorus.consensus.raft.RaftMessage.VoteResponse;
import java.util.HashMap;
import java.util.Map;

/** Elections: pre-vote (thesis §9.6), votes (§5.2, §5.4.1) and the disruption guard (§4.2.3). */
final class Election {
  private final RaftCore core;
  private final Map<String, Boolean> responses = new HashMap<>();

  Election(RaftCore core) {
    this.core = core;
  }

  /** A vote request or response, or a leader's TimeoutNow (§3.10). */
  void receive(String from, RaftMessage m) {
    if (m instanceof VoteRequest r) {
      onVoteRequest(from, r);
    } else if (m instanceof VoteResponse r) {
      onVoteResponse(from, r);
    } else if (((RaftMessage.TimeoutNow) m).term() == core.term() && core.role() == Role.FOLLOWER) {
      campaign(true);
    }
  }

  /**
   * Whether this node starts elections: it votes in its latest configuration, or that
   * configuration is not committed yet and it voted in the one before. Thesis §4.2.2: "a server
   * that is not part of its own latest configuration should still start new elections, as it
   * might still be needed until the Cnew entry is committed." Without this, a follower holding an
   * uncommitted configuration that removes it, and the longest log, can stall the group (found by
   * the simulator: the leader that proposed the change crashed before its own copy was durable).
   */
  boolean mayCampaign() {
    ConfigTracker config = core.config();
    return core.isVoter()
        || (config.currentIndex() > core.commitIndex() && config.previous().voters().contains(core.id()));
  }

  /**
   * The election timer fired (or a leader asked, with {@code transfer}). With pre-vote, first ask
   * whether a majority would vote, without raising the term, so that a node cut off by a
   * partition does not force a new election when it comes back.
   */
  void campaign(boolean transfer) {
    if (core.settings().preVote() && !transfer) {
      core.becomePreCandidate();
      request(core.term() + 1, true, false);
    } else {
      core.becomeCandidate();
      request(core.term(), false, transfer);
    }
  }

  private void request(long term, boolean preVote, boolean transfer) {
    responses.clear();
    responses.put(core.id(), true);
    if (won()) {
      promote(preVote);
      return;
    }
    RaftLog log = core.log();
    VoteRequest r = new VoteRequest(term, log.lastIndex(), log.lastTerm(), preVote, transfer);
    for (String peer : core.peers()) {
      core.send(peer, r);
    }
  }

  private void onVoteRequest(String from, VoteRequest r) {
    if (inLease(r)) {
      return;
    }
    // No check of this node's own configuration: thesis §4.2.1, "a server grants its vote to a
    // candidate that is not part of the server's latest configuration", and a server whose log
    // has not yet caught up with its own re-addition must still vote, or the group may stall.
    if (!r.preVote() && r.term() > core.term()) {
      core.becomeFollower(r.term(), null);
    }
    boolean upToDate = core.log().isUpToDate(r.lastLogIndex(), r.lastLogTerm());
    if (r.preVote()) {
      boolean granted = r.term() > core.term() && upToDate;
      core.send(from, new VoteResponse(granted ? r.term() : core.term(), granted, true));
      return;
    }
    String voted = core.votedFor();
    boolean granted = r.term() == core.term() && upToDate && (voted == null || voted.equals(from));
    if (granted) {
      core.vote(from);
    }
    core.send(from, new VoteResponse(core.term(), granted, false));
  }

  /**
   * A voter that heard from a leader within the least election timeout ignores requests: the
   * leader is alive, so the candidate is the one cut off (thesis §4.2.3). A transfer is exempt.
   */
  private boolean inLease(VoteRequest r) {
    return core.settings().checkQuorum() && !r.transfer() && core.leader() != null
        && core.timers().electionElapsed < core.settings().electionTicks() && r.term() > core.term();
  }

  private void onVoteResponse(String from, VoteResponse r) {
    if (r.term() > core.term() && !(r.preVote() && r.granted())) {
      core.becomeFollower(r.term(), null);
      return;
    }
    boolean expected = r.preVote() ? core.role() == Role.PRE_CANDIDATE && r.term() == core.term() + 1
        : core.role() == Role.CANDIDATE && r.term() == core.term();
    if (!expected) {
      return;
    }
    responses.putIfAbsent(from, r.granted());
    if (won()) {
      promote(r.preVote());
    } else if (lost()) {
      core.becomeFollower(core.term(), null);
    }
  }

  private void promote(boolean fromPreVote) {
    if (fromPreVote) {
      core.becomeCandidate();
      request(core.term(), false, false);
    } else {
      core.becomeLeader();
    }
  }

  private boolean won() {
    return count(true) >= core.quorum();
  }

  private boolean lost() {
    return count(false) >= core.quorum();
  }

  /** Answers from current voters only: the configuration may change during an election. */
  private long count(boolean granted) {
    return responses.entrySet().stream()
        .filter(e -> e.getValue() == granted && core.voters().contains(e.getKey())).count();
  }
}
