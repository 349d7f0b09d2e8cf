package dev.chorus.consensus.paxos.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.chorus.consensus.paxos.Ballot;
import dev.chorus.consensus.paxos.PaxosEvent;
import dev.chorus.consensus.paxos.PaxosMessage;
import dev.chorus.consensus.paxos.PaxosSettings;
import dev.chorus.consensus.paxos.Proposal;
import dev.chorus.consensus.paxos.internal.PaxosActor.Command;
import dev.chorus.consensus.paxos.internal.PaxosActor.FromPeer;
import dev.chorus.consensus.paxos.internal.PaxosActor.Propose;
import dev.chorus.consensus.paxos.internal.PaxosActor.Read;
import dev.chorus.consensus.paxos.internal.PaxosActor.ReadResult;
import dev.chorus.core.ChorusConfig;
import dev.chorus.testkit.serialization.SerializationAssertions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Paxos groups of three {@link PaxosActor}s in one ActorSystem, with Pekko's in-memory journal
 * (which serializes every event through the configured serializer). Timeouts only guard against
 * a hang.
 */
class PaxosActorTest {
  private static final Set<String> MEMBERS = Set.of("n1", "n2", "n3");
  /** Phases time out after 5 ticks of 20 ms; requests give up after 500 ticks. */
  private static final PaxosSettings SETTINGS = new PaxosSettings(5, 3, 500);
  private static final Duration TICK = Duration.ofMillis(20);
  private static final Duration HANG = Duration.ofSeconds(30);

  private static final ActorTestKit kit = ActorTestKit.create("paxos", ChorusConfig.withDefaults(ConfigFactory.parseString("""
      pekko.actor.provider = local
      pekko.persistence.journal.plugin = "pekko.persistence.journal.inmem"
      pekko.persistence.journal.inmem.test-serialization = on
      pekko.persistence.snapshot-store.plugin = ""
      """)));

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static ActorRef<Command> spawn(String group, String id, long seed) {
    return kit.spawn(PaxosActor.create(group, id, MEMBERS, SETTINGS, TICK, new Random(seed)), group + "-" + id);
  }

  private static String propose(ActorRef<Command> node, String value) {
    TestProbe<StatusReply<String>> reply = kit.createTestProbe();
    node.tell(new Propose(value, reply.ref()));
    return reply.receiveMessage(HANG).getValue();
  }

  private static Optional<String> read(ActorRef<Command> node) {
    TestProbe<StatusReply<ReadResult>> reply = kit.createTestProbe();
    node.tell(new Read(reply.ref()));
    return reply.receiveMessage(HANG).getValue().chosen();
  }

  @Test
  void concurrentProposalsFromDifferentNodesChooseExactlyOneValue() {
    for (int round = 0; round < 3; round++) {
      String group = "race-" + round;
      List<ActorRef<Command>> nodes = new ArrayList<>();
      List<TestProbe<StatusReply<String>>> replies = new ArrayList<>();
      for (String id : List.of("n1", "n2", "n3")) {
        nodes.add(spawn(group, id, round * 10L + id.hashCode()));
      }
      for (int i = 0; i < 3; i++) {
        replies.add(kit.createTestProbe());
        nodes.get(i).tell(new Propose("v" + i, replies.get(i).ref()));
      }
      Set<String> chosen = new HashSet<>();
      for (TestProbe<StatusReply<String>> r : replies) {
        StatusReply<String> reply = r.receiveMessage(HANG);
        assertTrue(reply.isSuccess(), () -> "no decision: " + reply);
        chosen.add(reply.getValue());
      }
      assertEquals(1, chosen.size(), "one value is chosen for everyone: " + chosen);
      assertTrue(Set.of("v0", "v1", "v2").containsAll(chosen), "the value was proposed: " + chosen);
      for (ActorRef<Command> node : nodes) {
        assertEquals(Optional.of(chosen.iterator().next()), read(node));
        assertEquals(chosen.iterator().next(), propose(node, "late"), "a late proposal gets the chosen value");
      }
    }
  }

  @Test
  void aReadBeforeAnyProposalFindsNothing() {
    List<ActorRef<Command>> nodes = List.of(spawn("empty", "n1", 1), spawn("empty", "n2", 2), spawn("empty", "n3", 3));
    assertEquals(Optional.empty(), read(nodes.get(1)));
  }

  @Test
  void aRestartedAcceptorKeepsItsPromiseAndItsVote() {
    // The probe plays member n3 of the group; n2 never starts, so nothing is decided behind its back.
    String group = "restart";
    TestProbe<Command> n3 = kit.createTestProbe();
    TestProbe<Receptionist.Registered> registered = kit.createTestProbe();
    kit.system().receptionist().tell(Receptionist.register(PaxosActor.serviceKey(group, "n3"), n3.ref(), registered.ref()));
    registered.receiveMessage(HANG);

    ActorRef<Command> n1 = spawn(group, "n1", 1);
    n1.tell(new Read(kit.<StatusReply<ReadResult>>createTestProbe().ref()));
    awaitFromN1(n3, PaxosMessage.Prepare.class); // n1 knows the probe now
    Ballot promised = new Ballot(7, "n3");
    n1.tell(new FromPeer("n3", new PaxosMessage.Prepare(promised)));
    assertEquals(new PaxosMessage.Promise(promised, Optional.empty()), awaitFromN1(n3, PaxosMessage.Promise.class));
    n1.tell(new FromPeer("n3", new PaxosMessage.Accept(promised, "kept")));
    assertEquals(new PaxosMessage.Accepted(promised, "kept"), awaitFromN1(n3, PaxosMessage.Accepted.class));

    kit.stop(n1, HANG);
    ActorRef<Command> again = spawn(group, "n1", 2);
    again.tell(new Read(kit.<StatusReply<ReadResult>>createTestProbe().ref()));
    PaxosMessage.Prepare own = awaitFromN1(n3, PaxosMessage.Prepare.class);
    assertTrue(own.ballot().isAfter(promised), "a restarted proposer starts above its durable promise: " + own);

    again.tell(new FromPeer("n3", new PaxosMessage.Prepare(new Ballot(6, "n3"))));
    PaxosMessage.Nack nack = awaitFromN1(n3, PaxosMessage.Nack.class);
    assertFalse(nack.promised().isBefore(promised), "the promise survived the restart: " + nack);

    Ballot higher = new Ballot(20, "n3");
    again.tell(new FromPeer("n3", new PaxosMessage.Prepare(higher)));
    assertEquals(new PaxosMessage.Promise(higher, Optional.of(new Proposal(promised, "kept"))),
        awaitFromN1(n3, PaxosMessage.Promise.class), "the vote survived the restart");
  }

  @Test
  void aDecisionSurvivesRestartingEveryMember() {
    String group = "durable";
    List<ActorRef<Command>> nodes = new ArrayList<>(List.of(spawn(group, "n1", 1), spawn(group, "n2", 2), spawn(group, "n3", 3)));
    assertEquals("x", propose(nodes.get(0), "x"));
    for (ActorRef<Command> node : nodes) {
      kit.stop(node, HANG);
    }
    nodes = List.of(spawn(group, "n1", 4), spawn(group, "n2", 5), spawn(group, "n3", 6));
    assertEquals(Optional.of("x"), read(nodes.get(1)), "the restarted group finds the chosen value again");
    assertEquals("x", propose(nodes.get(2), "y"));
  }

  @Test
  void everyMessageThatCrossesNodesRoundTrips() {
    Ballot b = new Ballot(3, "n2");
    List<PaxosMessage> messages = List.of(new PaxosMessage.Prepare(b),
        new PaxosMessage.Promise(b, Optional.of(new Proposal(new Ballot(2, "n1"), "v"))),
        new PaxosMessage.Promise(b, Optional.empty()), new PaxosMessage.Accept(b, "v"),
        new PaxosMessage.Accepted(b, "v"), new PaxosMessage.Nack(b, new Ballot(4, "n3")),
        new PaxosMessage.Chosen("v"));
    for (PaxosMessage m : messages) {
      SerializationAssertions.assertRoundTrip(kit.system(), new FromPeer("n2", m), PaxosWireSerializer.class);
    }
    SerializationAssertions.assertRoundTrip(kit.system(), new Propose("v", kit.<StatusReply<String>>createTestProbe().ref()));
    SerializationAssertions.assertRoundTrip(kit.system(), new Read(kit.<StatusReply<ReadResult>>createTestProbe().ref()));
    SerializationAssertions.assertRoundTrip(kit.system(), new ReadResult(Optional.of("v")));
    SerializationAssertions.assertRoundTrip(kit.system(), new ReadResult(Optional.empty()));
    SerializationAssertions.assertRoundTrip(kit.system(), new PaxosEvent.Promised(b));
    SerializationAssertions.assertRoundTrip(kit.system(), new PaxosEvent.Voted(new Proposal(b, "v")));
  }

  /** The next message of type {@code type} that n1 sent the probe, skipping n1's retries. */
  private static <T extends PaxosMessage> T awaitFromN1(TestProbe<Command> probe, Class<T> type) {
    long deadline = System.nanoTime() + HANG.toNanos();
    while (System.nanoTime() < deadline) {
      FromPeer m = (FromPeer) probe.receiveMessage(HANG);
      assertEquals("n1", m.from());
      if (type.isInstance(m.message())) {
        return type.cast(m.message());
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " from n1 within " + HANG);
  }
}
