package dev.chorus.consensus.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.consensus.RaftSettings;
import dev.chorus.consensus.Role;
import dev.chorus.consensus.raft.RaftMessage.Append;
import dev.chorus.consensus.raft.RaftMessage.AppendResponse;
import dev.chorus.consensus.raft.RaftMessage.VoteRequest;
import dev.chorus.consensus.raft.RaftMessage.VoteResponse;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each test is a sentence of the Raft paper (Ongaro and Ousterhout 2014) or the thesis, checked on
 * the pure core with messages delivered by hand, as etcd-raft's raft_paper_test does.
 */
class RaftPaperTest {
  private static final Set<String> THREE = Set.of("n1", "n2", "n3");
  private static final RaftSettings SETTINGS = RaftSettings.defaults();

  private static RaftCore node(String id, RaftEvent... durable) {
    return RaftCore.recover(id, THREE, SETTINGS, new Random(1), List.of(durable));
  }

  private static Entry entry(long index, long term) {
    return new Entry(index, term, "c" + index);
  }

  private static <T extends RaftMessage> T only(Ready r, Class<T> type, String to) {
    List<RaftMessage> sent = r.messages().stream().filter(m -> m.to().equals(to)).map(Ready.Outbound::message).toList();
    assertEquals(1, sent.size(), () -> "one message to " + to + ", got " + r.messages());
    assertTrue(type.isInstance(sent.get(0)), () -> "a " + type.getSimpleName() + ", got " + sent.get(0));
    return type.cast(sent.get(0));
  }

  /** Completes every write of {@code r}; what those completions released, together. */
  private static Ready persistAll(RaftCore core, Ready r) {
    List<Ready.Outbound> sent = new java.util.ArrayList<>(r.messages());
    List<Entry> committed = new java.util.ArrayList<>(r.committed());
    for (Ready.Write w : r.writes()) {
      Ready after = core.persisted(w.token());
      sent.addAll(after.messages());
      committed.addAll(after.committed());
    }
    return new Ready(List.of(), sent, java.util.Optional.empty(), committed, List.of(), List.of());
  }

  /** Ticks until the core's election timer fires (at most twice the election timeout). */
  private static Ready timeOut(RaftCore core) {
    for (int i = 0; i < 2 * SETTINGS.electionTicks(); i++) {
      Ready r = core.tick();
      if (!r.messages().isEmpty() || !r.writes().isEmpty()) {
        return r;
      }
    }
    throw new AssertionError("no election after " + 2 * SETTINGS.electionTicks() + " ticks");
  }

  private static RaftCore leaderOfTerm1() {
    RaftCore n1 = node("n1");
    Ready pre = timeOut(n1);
    n1.receive("n2", new VoteResponse(only(pre, VoteRequest.class, "n2").term(), true, true));
    Ready vote = n1.receive("n3", new VoteResponse(1, true, true));
    Ready sent = persistAll(n1, vote);
    n1.receive("n2", new VoteResponse(1, true, false));
    assertEquals(Role.LEADER, n1.role());
    return n1;
  }

  @Test
  void staleTermRequestsAreRejected() {
    // §5.1: "If a server receives a request with a stale term number, it rejects the request."
    RaftCore n2 = node("n2", new RaftEvent.TermVoted(5, null));
    Ready r = n2.receive("n1", new Append(3, 0, 0, List.of(entry(1, 3)), 0, 0));
    AppendResponse resp = only(r, AppendResponse.class, "n1");
    assertFalse(resp.success());
    assertEquals(5, resp.term());
    assertEquals(0, n2.lastIndex());
  }

  @Test
  void oneVotePerTermFirstComeFirstServed() {
    // §5.2: "Each server will vote for at most one candidate in a given term, on a
    // first-come-first-served basis."
    RaftCore n3 = node("n3");
    Ready a = persistAll(n3, n3.receive("n1", new VoteRequest(1, 0, 0, false, false)));
    assertTrue(only(a, VoteResponse.class, "n1").granted());
    Ready b = persistAll(n3, n3.receive("n2", new VoteRequest(1, 0, 0, false, false)));
    assertFalse(only(b, VoteResponse.class, "n2").granted());
  }

  @Test
  void aVoteIsDurableBeforeItIsSent() {
    // Figure 2: persistent state is "updated on stable storage before responding to RPCs".
    RaftCore n3 = node("n3");
    Ready r = n3.receive("n1", new VoteRequest(1, 0, 0, false, false));
    assertTrue(r.messages().isEmpty(), "no vote before the write: " + r.messages());
    assertEquals(new RaftEvent.TermVoted(1, "n1"), r.writes().get(r.writes().size() - 1).event());
    Ready after = persistAll(n3, r);
    assertTrue(only(after, VoteResponse.class, "n1").granted());
  }

  @Test
  void votesGoOnlyToCandidatesWithLogsAtLeastAsUpToDate() {
    // §5.4.1: "the voter denies its vote if its own log is more up-to-date than that of the
    // candidate": later last term wins; equal terms, the longer log.
    RaftCore n3 = node("n3", new RaftEvent.TermVoted(2, null),
        new RaftEvent.Appended(List.of(entry(1, 1), entry(2, 2))));
    Ready shorter = persistAll(n3, n3.receive("n1", new VoteRequest(3, 1, 2, false, false)));
    assertFalse(only(shorter, VoteResponse.class, "n1").granted());
    Ready olderTerm = persistAll(n3, n3.receive("n2", new VoteRequest(4, 5, 1, false, false)));
    assertFalse(only(olderTerm, VoteResponse.class, "n2").granted());
    Ready equal = persistAll(n3, n3.receive("n2", new VoteRequest(5, 2, 2, false, false)));
    assertTrue(only(equal, VoteResponse.class, "n2").granted());
  }

  @Test
  void preVoteDoesNotRaiseTheTerm() {
    // Thesis §9.6: a node that cannot win (here, cut off: nobody answers) must not disrupt the
    // cluster by raising its term over and over.
    RaftCore n1 = node("n1");
    for (int round = 0; round < 5; round++) {
      Ready r = timeOut(n1);
      VoteRequest pre = only(r, VoteRequest.class, "n2");
      assertTrue(pre.preVote());
      assertEquals(1, pre.term());
    }
    assertEquals(0, n1.term());
  }

  @Test
  void aFollowerThatHearsFromItsLeaderIgnoresVoteRequests() {
    // Thesis §4.2.3: "if a server receives a RequestVote request within the minimum election
    // timeout of hearing from a current leader, it does not update its term or grant its vote".
    RaftCore n2 = node("n2");
    n2.receive("n1", new Append(1, 0, 0, List.of(), 0, 0));
    Ready r = n2.receive("n3", new VoteRequest(2, 10, 1, false, false));
    assertTrue(r.messages().isEmpty() && r.writes().isEmpty(), r.toString());
    assertEquals(1, n2.term());
  }

  @Test
  void theLeaderReplicatesBeforeItsOwnWriteIsDurableButCountsItselfOnlyAfter() {
    // Thesis §10.2.1: the leader may write to its disk in parallel with replicating.
    RaftCore n1 = leaderOfTerm1();
    // n2 acknowledges the leader's no-op, so the leader pipelines to it from now on.
    n1.receive("n2", new AppendResponse(1, true, 1, 0, 0, 0));
    assertEquals(0, n1.commitIndex());
    Proposal.Appended p = assertInstanceOf(Proposal.Appended.class, n1.propose("x"));
    Append a = only(p.ready(), Append.class, "n2");
    assertEquals(p.index(), a.lastIndex());
    // n2 acknowledges: with the leader's own write not yet durable, that is 1 of 3 stored.
    Ready afterAck = n1.receive("n2", new AppendResponse(1, true, p.index(), 0, 0, 0));
    assertTrue(afterAck.committed().isEmpty(), "committed on one durable copy: " + afterAck.committed());
    Ready durable = persistAll(n1, p.ready());
    assertEquals(p.index(), n1.commitIndex());
    assertEquals(p.index(), durable.committed().get(durable.committed().size() - 1).index());
  }

  @Test
  void aRejectionSkipsBackAWholeTerm() {
    // §5.3: "the follower can include the term of the conflicting entry and the first index it
    // stores for that term".
    RaftCore n2 = node("n2", new RaftEvent.TermVoted(3, null),
        new RaftEvent.Appended(List.of(entry(1, 1), entry(2, 2), entry(3, 2), entry(4, 2))));
    AppendResponse r = only(n2.receive("n1", new Append(3, 4, 3, List.of(), 0, 0)), AppendResponse.class, "n1");
    assertFalse(r.success());
    assertEquals(2, r.conflictTerm());
    assertEquals(2, r.conflictIndex());
    AppendResponse tooShort = only(n2.receive("n1", new Append(3, 9, 3, List.of(), 0, 0)), AppendResponse.class, "n1");
    assertEquals(0, tooShort.conflictTerm());
    assertEquals(5, tooShort.conflictIndex());
  }

  @Test
  void aConflictingTailIsReplacedAndAcknowledgedOnlyWhenDurable() {
    // §5.3: "If an existing entry conflicts with a new one (same index but different terms),
    // delete the existing entry and all that follow it."
    RaftCore n2 = node("n2", new RaftEvent.TermVoted(2, null),
        new RaftEvent.Appended(List.of(entry(1, 1), entry(2, 2), entry(3, 2))));
    Ready r = n2.receive("n1", new Append(3, 1, 1, List.of(entry(2, 3)), 0, 0));
    assertTrue(r.messages().isEmpty(), "ack before the write: " + r.messages());
    assertEquals(2, n2.lastIndex());
    assertEquals(3, n2.termAt(2));
    AppendResponse ack = only(persistAll(n2, r), AppendResponse.class, "n1");
    assertTrue(ack.success());
    assertEquals(2, ack.matchIndex());
  }

  @Test
  void entriesOfEarlierTermsAreNotCommittedByCounting() {
    // §5.4.2: "Raft never commits log entries from previous terms by counting replicas."
    RaftCore n1 = node("n1", new RaftEvent.TermVoted(2, null), new RaftEvent.Appended(List.of(entry(1, 1), entry(2, 2))));
    Ready pre = timeOut(n1);
    n1.receive("n2", new VoteResponse(3, true, true));
    persistAll(n1, n1.receive("n3", new VoteResponse(3, true, true)));
    Ready won = n1.receive("n2", new VoteResponse(3, true, false));
    assertEquals(Role.LEADER, n1.role());
    persistAll(n1, won);
    // n2 has entry 2 (term 2) but not the leader's no-op at 3: index 2 is on a majority...
    n1.receive("n2", new AppendResponse(3, true, 2, 0, 0, 0));
    assertEquals(0, n1.commitIndex(), "an old-term entry committed by counting");
    // ...and is committed once the current term's entry 3 is.
    n1.receive("n2", new AppendResponse(3, true, 3, 0, 0, 0));
    assertEquals(3, n1.commitIndex());
  }

  @Test
  void aLeaderWithoutAQuorumStepsDown() {
    // Thesis §6.2: check-quorum.
    RaftCore n1 = leaderOfTerm1();
    for (int i = 0; i < 2 * SETTINGS.electionTicks() && n1.role() == Role.LEADER; i++) {
      n1.tick();
    }
    assertEquals(Role.FOLLOWER, n1.role());
    assertNull(n1.leader());
  }

  @Test
  void electionSafetyTwoCandidatesOfOneTermCannotBothWin() {
    // §5.2, Figure 3 "Election Safety: at most one leader can be elected in a given term": each
    // voter votes once per term, and a majority needs two of the three votes.
    RaftCore n3 = node("n3");
    boolean toN1 = only(persistAll(n3, n3.receive("n1", new VoteRequest(1, 0, 0, false, false))),
        VoteResponse.class, "n1").granted();
    boolean toN2 = only(persistAll(n3, n3.receive("n2", new VoteRequest(1, 0, 0, false, false))),
        VoteResponse.class, "n2").granted();
    assertTrue(toN1);
    assertFalse(toN2, "n3 already voted in term 1");
    // n2 holds only its own vote (n1 voted for itself): it cannot lead term 1.
    RaftCore n2 = node("n2");
    Ready pre = timeOut(n2);
    n2.receive("n1", new VoteResponse(only(pre, VoteRequest.class, "n1").term(), true, true));
    assertEquals(Role.CANDIDATE, n2.role());
    n2.receive("n1", new VoteResponse(n2.term(), false, false));
    n2.receive("n3", new VoteResponse(n2.term(), false, false));
    assertFalse(n2.role() == Role.LEADER);
  }

  @Test
  void logMatchingAnAppendOnlyLandsWhereThePreviousEntryMatches() {
    // §5.3, Figure 3 "Log Matching": the follower refuses entries whose predecessor (index and
    // term) it does not hold, and otherwise makes its log identical to the leader's through them.
    RaftCore n2 = node("n2", new RaftEvent.TermVoted(2, null),
        new RaftEvent.Appended(List.of(entry(1, 1), entry(2, 1), entry(3, 2))));
    AppendResponse refused = only(persistAll(n2, n2.receive("n1", new Append(3, 3, 3, List.of(entry(4, 3)), 0, 0))),
        AppendResponse.class, "n1");
    assertFalse(refused.success());
    assertEquals(3, n2.lastIndex(), "nothing appended after a mismatch");
    assertEquals(2, n2.termAt(3));
    Ready r = n2.receive("n1", new Append(3, 2, 1, List.of(entry(3, 3), entry(4, 3)), 0, 0));
    AppendResponse ok = only(persistAll(n2, r), AppendResponse.class, "n1");
    assertTrue(ok.success());
    assertEquals(4, ok.matchIndex());
    assertEquals(List.of(1L, 1L, 3L, 3L), List.of(n2.termAt(1), n2.termAt(2), n2.termAt(3), n2.termAt(4)));
  }
}
