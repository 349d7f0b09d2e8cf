package dev.chorus.consensus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.typesafe.config.ConfigFactory;
import dev.chorus.consensus.paxos.internal.PaxosActor;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Pins the names a journal or a node of another version holds (docs/architecture.md, "Names
 * that must not change"): a refactoring that renames one fails here, not in a user's upgrade.
 */
class StableNamesTest {
  @Test
  void persistenceIdsAndServiceKeys() {
    assertEquals("chorus-raft|g/n1", RaftNode.persistenceId("g", "n1").id());
    assertEquals("chorus-paxos|g/n1", PaxosActor.persistenceId("g", "n1").id());
    assertEquals("chorus-raft/g/n1", RaftNode.peerKey("g", "n1").id());
  }

  @Test
  void persistedTypeNames() {
    Set<String> names = Arrays.stream(WireEvent.class.getAnnotation(JsonSubTypes.class).value())
        .map(JsonSubTypes.Type::name).collect(Collectors.toSet());
    assertEquals(Set.of("term-voted", "appended", "compacted", "snapshot-part"), names);
    assertEquals("dev.chorus.consensus.internal.LogState", LogState.class.getName());
    assertEquals("raft-v1", RaftWireSerializer.MANIFEST);
  }

  @Test
  void theWireBindingNamesTheFromPeerClass() {
    String binding = ConfigFactory.parseResources("reference.conf")
        .getConfig("pekko.actor.serialization-bindings").root().keySet().stream()
        .filter(k -> k.contains("RaftNode")).findFirst().orElseThrow();
    assertEquals(RaftNode.FromPeer.class.getName(), binding);
  }

  /** Paxos's messages and events travel and are stored by the names the module gives them. */
  @Test
  void paxosTypeNamesComeFromTheModuleNotTheCore() throws Exception {
    org.apache.pekko.actor.typed.ActorSystem<Void> system = org.apache.pekko.actor.typed.ActorSystem.create(
        org.apache.pekko.actor.typed.javadsl.Behaviors.empty(), "names", dev.chorus.core.ChorusConfig.withDefaults(
            ConfigFactory.parseString("pekko.actor.provider = local")));
    try {
      var serialization = org.apache.pekko.serialization.SerializationExtension.get(system);
      Object value = new dev.chorus.consensus.paxos.PaxosEvent.Promised(new dev.chorus.consensus.paxos.Ballot(3, "n1"));
      byte[] bytes = serialization.serialize(value).get();
      String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
      assertTrue(text.contains("promised"), "the event is stored by its name: " + text);
      assertEquals(value, serialization.deserialize(bytes, dev.chorus.consensus.paxos.PaxosEvent.class).get());
    } finally {
      system.terminate();
    }
  }
}
