package dev.chorus.consensus.paxos.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.consensus.paxos.Ballot;
import dev.chorus.consensus.paxos.PaxosMessage;
import dev.chorus.consensus.paxos.Proposal;
import dev.chorus.core.UndecodableMessageException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Paxos's messages in the one wire format: each comes back as it was; a bad one is refused. */
class PaxosWireSerializerTest {
  private final PaxosWireSerializer serializer = new PaxosWireSerializer();

  @Test
  void everyMessageComesBackAsItWas() throws Exception {
    Ballot b = new Ballot(3, "n2");
    String large = "ü€😀".repeat(30_000);
    List<PaxosMessage> messages = List.of(new PaxosMessage.Prepare(b),
        new PaxosMessage.Promise(b, Optional.of(new Proposal(new Ballot(2, "n1"), "v"))),
        new PaxosMessage.Promise(Ballot.ZERO, Optional.empty()), new PaxosMessage.Accept(b, large),
        new PaxosMessage.Accepted(b, ""), new PaxosMessage.Nack(b, new Ballot(4, "n3")),
        new PaxosMessage.Chosen("v"));
    for (PaxosMessage m : messages) {
      PaxosActor.FromPeer sent = new PaxosActor.FromPeer("n2", m);
      assertEquals(sent, serializer.decode(serializer.toBinary(sent), PaxosWireSerializer.MANIFEST));
    }
  }

  @Test
  void anUndecodableMessageIsRefusedNamingItsManifestAndLoggedOnce() {
    byte[] bytes = serializer.toBinary(new PaxosActor.FromPeer("n1", new PaxosMessage.Chosen("v")));
    UndecodableMessageException cut = assertThrows(UndecodableMessageException.class,
        () -> serializer.decode(Arrays.copyOf(bytes, bytes.length - 1), PaxosWireSerializer.MANIFEST));
    assertTrue(cut.getMessage().startsWith("undecodable Paxos message (type 'paxos-v1')"), cut.getMessage());
    assertEquals("paxos-v0", assertThrows(UndecodableMessageException.class,
        () -> serializer.decode(bytes, "paxos-v0")).type());
    byte[] badBallot = serializer.toBinary(new PaxosActor.FromPeer("n1", new PaxosMessage.Prepare(new Ballot(1, "n1"))));
    badBallot[2 + 2 + 1 + 7] = 0; // round 1 -> 0 with a node id: no such ballot
    assertThrows(UndecodableMessageException.class, () -> serializer.decode(badBallot, PaxosWireSerializer.MANIFEST));
    for (int i = 0; i < 3; i++) {
      assertEquals(PaxosActor.Undecodable.INSTANCE,
          serializer.fromBinary(Arrays.copyOf(bytes, bytes.length + 1), PaxosWireSerializer.MANIFEST));
    }
    assertEquals(3, serializer.undecodable().dropped());
    assertEquals(1, serializer.undecodable().typesLogged());
  }
}
