package dev.chorus.consensus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Over a real Artery association: Raft messages the receiver cannot decode arrive as {@link
 * RaftNode.Undecodable} (which a member drops), one log line for their manifest, and the
 * association carries the next message as if nothing happened.
 */
class UndecodableOverArteryTest {
  private static final String REMOTE = "pekko.actor.provider = remote\n"
      + "pekko.remote.artery.transport = tcp\n"
      + "pekko.remote.artery.canonical.hostname = 127.0.0.1\n"
      + "pekko.remote.artery.canonical.port = 0\n";

  private static final ActorTestKit receiver = ActorTestKit.create("receiver", ConfigFactory.parseString(REMOTE)
      .withFallback(ConfigFactory.load()));

  // The sender's chorus-raft-wire writes garbage under the real serializer's id and manifest, as
  // a corrupt link or a buggy peer would.
  private static final ActorSystem sender = ActorSystem.create("sender", ConfigFactory.parseString(REMOTE
      + "pekko.actor.serializers.chorus-raft-wire = \"" + Garbage.class.getName() + "\"")
      .withFallback(ConfigFactory.load()));

  @AfterAll
  static void stop() {
    receiver.shutdownTestKit();
    sender.terminate();
  }

  @Test
  void undecodableMessagesAreDroppedAndTheAssociationCarriesOn() throws Exception {
    TestProbe<Object> probe = receiver.createTestProbe();
    ActorRef target = ((ExtendedActorSystem) sender).provider().resolveActorRef(
        probe.ref().path().toStringWithAddress(((ExtendedActorSystem) receiver.system().classicSystem()).provider()
            .getDefaultAddress()));
    RaftNode.FromPeer bad = new RaftNode.FromPeer("g", "n1", new WireMessage.TimeoutNow(3));
    target.tell(bad, ActorRef.noSender());
    target.tell(bad, ActorRef.noSender());
    target.tell("after", ActorRef.noSender());

    assertEquals(RaftNode.Undecodable.INSTANCE, probe.receiveMessage());
    assertEquals(RaftNode.Undecodable.INSTANCE, probe.receiveMessage());
    assertEquals("after", probe.receiveMessage(), "the association carries on");
    RaftWireSerializer serializer = (RaftWireSerializer) SerializationExtension.get(receiver.system())
        .serializerFor(RaftNode.FromPeer.class);
    assertEquals(2, serializer.undecodable().dropped());
    assertEquals(1, serializer.undecodable().typesLogged());
  }

  /** Writes bytes no Raft message has, under the real serializer's identifier and manifest. */
  public static final class Garbage extends SerializerWithStringManifest {
    /** As Pekko creates it. */
    public Garbage(ExtendedActorSystem system) {}

    @Override
    public int identifier() {
      return RaftWireSerializer.IDENTIFIER;
    }

    @Override
    public String manifest(Object o) {
      return RaftWireSerializer.MANIFEST;
    }

    @Override
    public byte[] toBinary(Object o) {
      return new byte[] {(byte) 0xff, 0x13, 0x37};
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) {
      throw new UnsupportedOperationException("the sender only writes");
    }
  }
}
