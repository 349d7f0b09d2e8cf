package dev.chorus.consensus.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.consensus.RaftSettings;
import dev.chorus.consensus.Role;
import dev.chorus.consensus.raft.RaftMessage.AppendResponse;
import dev.chorus.consensus.raft.RaftMessage.VoteRequest;
import dev.chorus.consensus.raft.RaftMessage.VoteResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Figure 8 scenario of the Raft paper (§5.4.2), on five nodes with messages delivered by
 * hand: an entry of an earlier term stored on a majority can still be overwritten, so a leader
 * must not commit it by counting replicas; once the leader's own-term entry is on a majority, it
 * is safe.
 */
class RaftFigure8Test {
  private static final Set<String> FIVE = Set.of("s1", "s2", "s3", "s4", "s5");

  private static Entry e(long index, long term) {
    return new Entry(index, term, "x" + index + "t" + term);
  }

  private static RaftCore node(String id, long term, Entry... log) {
    List<RaftEvent> events = new ArrayList<>();
    events.add(new RaftEvent.TermVoted(term, null));
    if (log.length > 0) {
      events.add(new RaftEvent.Appended(List.of(log)));
    }
    return RaftCore.recover(id, FIVE, RaftSettings.defaults(), new Random(8), events);
  }

  /** Whether {@code voter} grants {@code r}, once its writes are durable. */
  private static boolean grants(RaftCore voter, String candidate, VoteRequest r) {
    Ready ready = voter.receive(candidate, r);
    List<RaftMessage> sent = new ArrayList<>();
    ready.messages().forEach(m -> sent.add(m.message()));
    for (Ready.Write w : ready.writes()) {
      voter.persisted(w.token()).messages().forEach(m -> sent.add(m.message()));
    }
    return sent.stream().anyMatch(m -> m instanceof VoteResponse v && v.granted());
  }

  /** s1 wins term 4 with the votes of s2 and s3 (state (c) of Figure 8). */
  private static RaftCore s1LeaderOfTerm4() {
    RaftCore s1 = node("s1", 3, e(1, 1), e(2, 2));
    for (int i = 0; i < 40 && s1.role() != Role.PRE_CANDIDATE; i++) {
      s1.tick();
    }
    List<Ready.Write> writes = new ArrayList<>();
    writes.addAll(s1.receive("s2", new VoteResponse(4, true, true)).writes());
    writes.addAll(s1.receive("s3", new VoteResponse(4, true, true)).writes());
    assertEquals(Role.CANDIDATE, s1.role());
    assertEquals(4, s1.term());
    writes.addAll(s1.receive("s2", new VoteResponse(4, true, false)).writes());
    writes.addAll(s1.receive("s3", new VoteResponse(4, true, false)).writes());
    assertEquals(Role.LEADER, s1.role());
    writes.forEach(w -> s1.persisted(w.token()));
    return s1;
  }

  @Test
  void anOldTermEntryOnAMajorityIsNotCommittedAndMayBeOverwritten() {
    RaftCore s1 = s1LeaderOfTerm4();
    // (c) index 2 (term 2) is now on s1, s2 and s3: a majority of five.
    s1.receive("s2", new AppendResponse(4, true, 2, 0, 0, 0));
    s1.receive("s3", new AppendResponse(4, true, 2, 0, 0, 0));
    assertEquals(0, s1.commitIndex(), "Raft never commits an entry of a previous term by counting replicas");
    // (d) and so s5, whose index 2 is from term 3, can still win: s2, s3 and s4 vote for it.
    VoteRequest s5 = new VoteRequest(5, 2, 3, false, false);
    assertTrue(grants(node("s2", 4, e(1, 1), e(2, 2)), "s5", s5));
    assertTrue(grants(node("s3", 4, e(1, 1), e(2, 2)), "s5", s5));
    assertTrue(grants(node("s4", 4, e(1, 1)), "s5", s5));
  }

  @Test
  void onceTheLeadersOwnTermEntryIsOnAMajorityTheOldOneIsCommittedAndSafe() {
    RaftCore s1 = s1LeaderOfTerm4();
    // (e) the no-op at index 3 (term 4) reaches s2 and s3 too: index 3, and with it index 2, commit.
    s1.receive("s2", new AppendResponse(4, true, 3, 0, 0, 0));
    s1.receive("s3", new AppendResponse(4, true, 3, 0, 0, 0));
    assertEquals(3, s1.commitIndex());
    // s5 can no longer win: the majority holding index 3 refuses it (Leader Completeness, §5.4.3).
    VoteRequest s5 = new VoteRequest(5, 2, 3, false, false);
    assertFalse(grants(node("s2", 4, e(1, 1), e(2, 2), e(3, 4)), "s5", s5));
    assertFalse(grants(node("s3", 4, e(1, 1), e(2, 2), e(3, 4)), "s5", s5));
  }
}
