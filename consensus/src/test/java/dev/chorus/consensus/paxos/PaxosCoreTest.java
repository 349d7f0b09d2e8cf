package dev.chorus.consensus.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.consensus.paxos.PaxosMessage.Accept;
import dev.chorus.consensus.paxos.PaxosMessage.Accepted;
import dev.chorus.consensus.paxos.PaxosMessage.Chosen;
import dev.chorus.consensus.paxos.PaxosMessage.Nack;
import dev.chorus.consensus.paxos.PaxosMessage.Prepare;
import dev.chorus.consensus.paxos.PaxosMessage.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Scripted scenarios against {@link PaxosCore}, each naming the section of Lamport's "Paxos Made
 * Simple" (2001) it covers. The test plays the network and the disk by hand.
 */
class PaxosCoreTest {
  private static final List<String> GROUP = List.of("n1", "n2", "n3");
  private static final PaxosSettings SETTINGS = new PaxosSettings(10, 5, 100);

  private static PaxosCore node(String id, List<PaxosEvent> durable) {
    return PaxosCore.recover(id, GROUP, SETTINGS, new Random(1), durable);
  }

  private static PaxosCore node(String id) {
    return node(id, List.of());
  }

  /** Reports every write of {@code ready} durable, and returns everything that followed. */
  private static List<Ready> persistAll(PaxosCore core, Ready ready) {
    List<Ready> all = new ArrayList<>(List.of(ready));
    for (int i = 0; i < all.size(); i++) {
      for (Ready.Write w : all.get(i).writes()) {
        all.add(core.persisted(w.token()));
      }
    }
    return all;
  }

  private static List<Ready.Outbound> messages(List<Ready> readies) {
    return readies.stream().flatMap(r -> r.messages().stream()).toList();
  }

  private static List<Ready.Answer> answers(List<Ready> readies) {
    return readies.stream().flatMap(r -> r.answers().stream()).toList();
  }

  private static final Ballot B1 = new Ballot(1, "n1");
  private static final Ballot B2 = new Ballot(2, "n2");

  @Test
  void anAcceptorPromisesOnlyOnceThePromiseIsDurable() {
    // §2.2 phase 1b and §2.5: "an acceptor must remember this information even if it fails".
    PaxosCore n2 = node("n2");
    Ready ready = n2.receive("n1", new Prepare(B1));
    assertEquals(List.of(new Ready.Write(1, new PaxosEvent.Promised(B1))), ready.writes());
    assertEquals(List.of(), ready.messages(), "no promise before the write is durable");
    Ready after = n2.persisted(1);
    assertEquals(List.of(new Ready.Outbound("n1", new Promise(B1, Optional.empty()))), after.messages());
  }

  @Test
  void anAcceptorRefusesBallotsBelowItsPromise() {
    // §2.2 P1a: it accepts n iff it has not responded to a prepare numbered greater than n.
    PaxosCore n3 = node("n3");
    persistAll(n3, n3.receive("n2", new Prepare(B2)));
    Ready prepare = n3.receive("n1", new Prepare(B1));
    Ready accept = n3.receive("n1", new Accept(B1, "a"));
    assertEquals(List.of(new Ready.Outbound("n1", new Nack(B1, B2))), prepare.messages());
    assertEquals(List.of(new Ready.Outbound("n1", new Nack(B1, B2))), accept.messages());
    assertEquals(Optional.empty(), n3.acceptorState().accepted());
  }

  @Test
  void anAcceptorReportsItsHighestAcceptedProposalAndTellsEveryLearner() {
    // §2.2 phase 2b and §2.3: the acceptance goes to every learner once durable.
    PaxosCore n3 = node("n3");
    List<Ready> accepted = persistAll(n3, n3.receive("n1", new Accept(B1, "a")));
    assertEquals(List.of(new Ready.Outbound("n1", new Accepted(B1, "a")),
        new Ready.Outbound("n2", new Accepted(B1, "a"))), messages(accepted));
    List<Ready> promised = persistAll(n3, n3.receive("n2", new Prepare(B2)));
    assertEquals(List.of(new Ready.Outbound("n2", new Promise(B2, Optional.of(new Proposal(B1, "a"))))),
        messages(promised));
  }

  @Test
  void aProposerProposesTheHighestAcceptedValueItHearsOf() {
    // §2.2 P2c: the value of the highest-numbered proposal among the majority's responses.
    PaxosCore n2 = node("n2");
    List<Ready> prepared = persistAll(n2, n2.propose(7, "mine"));
    assertTrue(messages(prepared).contains(new Ready.Outbound("n1", new Prepare(new Ballot(1, "n2")))));
    Ballot b = new Ballot(1, "n2");
    List<Ready> accepting = persistAll(n2, n2.receive("n3",
        new Promise(b, Optional.of(new Proposal(new Ballot(1, "n1"), "theirs")))));
    List<Ready.Outbound> accepts = messages(accepting).stream().filter(m -> m.message() instanceof Accept).toList();
    assertEquals(List.of(new Ready.Outbound("n1", new Accept(b, "theirs")),
        new Ready.Outbound("n3", new Accept(b, "theirs"))), accepts);
  }

  @Test
  void aValueIsChosenWhenAMajorityAcceptedItInOneBallotAndAnswersEveryRequest() {
    // §2.3: learn once a majority of acceptors accepted the same proposal.
    PaxosCore n1 = node("n1");
    persistAll(n1, n1.propose(1, "x"));
    persistAll(n1, n1.receive("n2", new Promise(B1, Optional.empty())));
    Ready read = n1.read(2);
    assertEquals(List.of(), read.answers(), "a read that came after the Prepare waits for the outcome");
    assertEquals(Optional.empty(), n1.chosen(), "only n1's own acceptor has accepted");
    List<Ready> learned = persistAll(n1, n1.receive("n2", new Accepted(B1, "x")));
    assertEquals(Optional.of("x"), n1.chosen());
    assertEquals(List.of(new Ready.Decided(1, "x"), new Ready.Decided(2, "x")), answers(learned));
    assertEquals(List.of(new Ready.Decided(3, "x")), n1.propose(3, "y").answers(),
        "once learned, a later proposal is answered at once with the chosen value");
  }

  @Test
  void aLearnerDoesNotMixBallots() {
    PaxosCore n3 = node("n3");
    n3.receive("n1", new Accepted(B1, "a"));
    n3.receive("n2", new Accepted(B2, "a"));
    assertEquals(Optional.empty(), n3.chosen(), "two acceptances in different ballots are no majority");
    n3.receive("n2", new Accepted(B1, "a"));
    assertEquals(Optional.of("a"), n3.chosen());
    assertThrows(IllegalStateException.class, () -> n3.receive("n1", new Chosen("b")),
        "a second value is a safety violation, never ignored");
  }

  @Test
  void aReadOfAnUndecidedRegisterReturnsUndecidedAfterAMajorityPromisedWithNothingAccepted() {
    PaxosCore n1 = node("n1");
    persistAll(n1, n1.read(5));
    List<Ready> promised = persistAll(n1, n1.receive("n3", new Promise(B1, Optional.empty())));
    assertEquals(List.of(new Ready.Undecided(5)), answers(promised));
    assertEquals(List.of(), messages(promised), "a read alone proposes nothing");
  }

  @Test
  void aReadThatFindsAnAcceptedValueCompletesItsChoice() {
    PaxosCore n1 = node("n1");
    persistAll(n1, n1.read(5));
    List<Ready> promised = persistAll(n1, n1.receive("n3",
        new Promise(B1, Optional.of(new Proposal(new Ballot(1, "n3"), "z")))));
    assertTrue(messages(promised).contains(new Ready.Outbound("n3", new Accept(B1, "z"))));
    List<Ready> done = persistAll(n1, n1.receive("n3", new Accepted(B1, "z")));
    assertEquals(List.of(new Ready.Decided(5, "z")), answers(done));
  }

  @Test
  void aRestartedAcceptorKeepsItsPromiseAndItsProposerNeverReusesABallot() {
    // §2.5: acceptors and proposers remember, in stable storage, what they promised and tried.
    PaxosCore n1 = node("n1");
    List<Ready> first = persistAll(n1, n1.propose(1, "x"));
    List<PaxosEvent> disk = new ArrayList<>();
    first.forEach(r -> r.writes().forEach(w -> disk.add(w.event())));
    PaxosCore again = node("n1", disk);
    assertEquals(B1, again.acceptorState().promised());
    assertEquals(List.of(new Ready.Outbound("n2", new Nack(new Ballot(1, "n0"), B1))),
        again.receive("n2", new Prepare(new Ballot(1, "n0"))).messages());
    again.propose(2, "y");
    assertEquals(Optional.of(new Ballot(2, "n1")), again.ballot());
  }

  @Test
  void aNackAbandonsTheBallotAndTheRetryComesAfterARandomBackoffWithAHigherOne() {
    // §2.4 (dueling proposers) and §2.5 (abandon on hearing of a higher number).
    PaxosCore n1 = node("n1");
    persistAll(n1, n1.propose(1, "x"));
    n1.receive("n2", new Nack(B1, new Ballot(5, "n3")));
    assertEquals(Optional.empty(), n1.ballot());
    int ticks = 0;
    while (n1.ballot().isEmpty()) {
      n1.tick();
      ticks++;
      assertTrue(ticks <= SETTINGS.backoffTicks(), "retried within the first backoff window");
    }
    assertEquals(new Ballot(6, "n1"), n1.ballot().get());
  }

  @Test
  void aRequestWithoutADecisionGivesUpAsUnavailable() {
    PaxosCore n1 = node("n1");
    persistAll(n1, n1.propose(1, "x"));
    List<Ready.Answer> answers = new ArrayList<>();
    for (int t = 0; t < SETTINGS.requestTimeoutTicks(); t++) {
      answers.addAll(persistAll(n1, n1.tick()).stream().flatMap(r -> r.answers().stream()).toList());
    }
    assertEquals(1, answers.size());
    assertTrue(answers.get(0) instanceof Ready.Unavailable u && u.requestId() == 1, answers::toString);
  }
}
