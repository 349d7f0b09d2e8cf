package dev.chorus.replication.leaderfollower.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.chorus.core.ChorusConfig;
import dev.chorus.core.UndecodableMessageException;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A replica's messages in the one wire format: bound, round-tripped, and a bad one dropped. */
class ReplicaWireSerializerTest {
  private static final ActorTestKit kit = ActorTestKit.create("replica-wire",
      ChorusConfig.withDefaults(ConfigFactory.parseString("pekko.actor.provider = local")));

  private final ReplicaWireSerializer serializer = new ReplicaWireSerializer();

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void bothKindsAreBoundAndComeBackAsTheyWere() throws Exception {
    ReplicaNode.FromPeer whole = new ReplicaNode.FromPeer("s", "n1", new byte[] {1, 2, (byte) 255});
    ReplicaNode.FromPeerPart part = new ReplicaNode.FromPeerPart("s", "n1", 7, 1, 3, new byte[] {4});
    for (Object m : new Object[] {whole, part}) {
      assertEquals(ReplicaWireSerializer.IDENTIFIER, SerializationExtension.get(kit.system()).findSerializerFor(m)
          .identifier());
    }
    ReplicaNode.FromPeer w = (ReplicaNode.FromPeer) serializer.decode(serializer.toBinary(whole),
        ReplicaWireSerializer.MANIFEST);
    assertEquals(whole.store() + whole.from(), w.store() + w.from());
    assertArrayEquals(whole.message(), w.message());
    ReplicaNode.FromPeerPart p = (ReplicaNode.FromPeerPart) serializer.decode(serializer.toBinary(part),
        ReplicaWireSerializer.MANIFEST);
    assertEquals(List.of("s", "n1", 7L, 1, 3), List.of(p.store(), p.from(), p.message(),
        p.part(), p.parts()));
    assertArrayEquals(part.bytes(), p.bytes());
  }

  @Test
  void anUndecodableMessageIsRefusedNamingItsManifestAndLoggedOnce() {
    byte[] bytes = serializer.toBinary(new ReplicaNode.FromPeer("s", "n1", new byte[] {1, 2}));
    UndecodableMessageException cut = assertThrows(UndecodableMessageException.class,
        () -> serializer.decode(Arrays.copyOf(bytes, bytes.length - 1), ReplicaWireSerializer.MANIFEST));
    assertTrue(cut.getMessage().startsWith("undecodable replication message (type 'replica-v1')"), cut.getMessage());
    for (int i = 0; i < 3; i++) {
      assertEquals(ReplicaNode.Undecodable.INSTANCE, serializer.fromBinary(new byte[] {9}, ReplicaWireSerializer.MANIFEST));
      assertEquals(ReplicaNode.Undecodable.INSTANCE, serializer.fromBinary(bytes, "replica-v0"));
    }
    assertEquals(6, serializer.undecodable().dropped());
    assertEquals(2, serializer.undecodable().typesLogged());
  }
}
