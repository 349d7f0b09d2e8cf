package dev.chorus.consensus.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.consensus.RaftSettings;
import dev.chorus.consensus.Role;
import dev.chorus.consensus.raft.RaftMessage.Append;
import dev.chorus.consensus.raft.RaftMessage.AppendResponse;
import dev.chorus.consensus.raft.RaftMessage.VoteRequest;
import dev.chorus.consensus.raft.RaftMessage.VoteResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * ReadIndex (thesis §6.4) with many reads at once: the reads that arrive while a round is in
 * flight share the next round, and none is served before a quorum has answered a round that
 * began after it arrived. A read round asks only as many followers as a quorum needs.
 */
class ReadIndexBatchingTest {
  private static final Set<String> THREE = Set.of("n1", "n2", "n3");

  @Test
  void readsDuringARoundShareTheNextOneAndWaitForIt() {
    RaftCore n1 = leaderWithOwnTermCommitted();
    Ready first = n1.read(1, false);
    long round1 = only(first, "n2").round();
    assertTrue(n1.read(2, false).messages().isEmpty(), "a second round while the first is in flight");
    assertTrue(n1.read(3, false).messages().isEmpty(), "a third round while the first is in flight");

    Ready released = n1.receive("n2", new AppendResponse(n1.term(), true, n1.lastIndex(), 0, 0, round1));
    assertEquals(List.of(1L), readIds(released), "only the read the answered round covers");
    long round2 = only(released, "n2").round();
    assertTrue(round2 > round1, "the waiting reads start a new round");

    // An answer to the older round proves nothing for reads 2 and 3.
    assertEquals(List.of(), readIds(n1.receive("n2", new AppendResponse(n1.term(), true, n1.lastIndex(), 0, 0, round1))));
    Ready rest = n1.receive("n2", new AppendResponse(n1.term(), true, n1.lastIndex(), 0, 0, round2));
    assertEquals(List.of(2L, 3L), readIds(rest));
  }

  @Test
  void aRoundAsksOnlyTheFollowersAQuorumNeedsAndTheNextTickCoversASilentOne() {
    RaftCore n1 = leaderWithOwnTermCommitted(); // n2 answered the leader's first entry, n3 not yet
    assertEquals(Set.of("n2"), recipients(n1.read(1, false)), "the leader and n2 make a quorum of three");

    // n2 falls silent. Each tick's heartbeat goes to every follower and starts a later round.
    Ready tick = n1.tick();
    assertEquals(Set.of("n2", "n3"), recipients(tick));
    long tickRound = only(tick, "n3").round();
    Ready released = n1.receive("n3", new AppendResponse(n1.term(), true, n1.lastIndex(), 0, 0, tickRound));
    assertEquals(List.of(1L), readIds(released), "n3's answer to the later round confirms the read");

    assertEquals(Set.of("n3"), recipients(n1.read(2, false)), "the next round asks the follower that answered last");
  }

  private static RaftCore leaderWithOwnTermCommitted() {
    RaftCore n1 = RaftCore.recover("n1", THREE, RaftSettings.defaults(), new Random(1), List.of());
    Ready pre = n1.tick();
    for (int i = 0; i < 2 * RaftSettings.defaults().electionTicks() && pre.messages().isEmpty(); i++) {
      pre = n1.tick();
    }
    VoteRequest preVote = (VoteRequest) pre.messages().get(0).message();
    n1.receive("n2", new VoteResponse(preVote.term(), true, true));
    persistAll(n1, n1.receive("n3", new VoteResponse(1, true, true)));
    Ready won = n1.receive("n2", new VoteResponse(1, true, false));
    persistAll(n1, won);
    Append noOp = only(won, "n2");
    n1.receive("n2", new AppendResponse(1, true, noOp.lastIndex(), 0, 0, noOp.round()));
    assertEquals(Role.LEADER, n1.role());
    assertEquals(noOp.lastIndex(), n1.commitIndex());
    return n1;
  }

  private static void persistAll(RaftCore core, Ready r) {
    for (Ready.Write w : r.writes()) {
      core.persisted(w.token());
    }
  }

  private static Append only(Ready r, String to) {
    List<RaftMessage> sent = new ArrayList<>();
    r.messages().stream().filter(m -> m.to().equals(to)).forEach(m -> sent.add(m.message()));
    assertEquals(1, sent.size(), () -> "one message to " + to + ", got " + r.messages());
    return (Append) sent.get(0);
  }

  private static Set<String> recipients(Ready r) {
    return r.messages().stream().map(Ready.Outbound::to).collect(java.util.stream.Collectors.toSet());
  }

  private static List<Long> readIds(Ready r) {
    return r.reads().stream().map(ReadState::readId).toList();
  }
}
