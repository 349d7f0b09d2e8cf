package dev.chorus.replication.leaderfollower.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.core.Bytes;
import dev.chorus.replication.leaderfollower.protocol.LogRecord;
import dev.chorus.replication.leaderfollower.protocol.ReplicaMessage;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins the names and bytes a journal or a node of another version holds (docs/architecture.md,
 * "Names that must not change").
 */
class StableNamesTest {
  @Test
  void persistenceIdAndServiceKey() {
    assertEquals("chorus-replica|s/n1", ReplicaNode.persistenceId("s", "n1").id());
    assertEquals("chorus-replica/s/n1", ReplicaNode.peerKey("s", "n1").id());
  }

  @Test
  void classNamesInManifests() {
    String p = "dev.chorus.replication.leaderfollower.internal.";
    assertEquals(p + "ReplicaLogActor$Stored", ReplicaLogActor.Stored.class.getName());
    assertEquals(p + "ReplicaLogActor$StoredWrites", ReplicaLogActor.StoredWrites.class.getName());
    assertEquals(p + "ReplicaNode$FromPeer", ReplicaNode.FromPeer.class.getName());
    assertEquals(p + "ReplicaNode$FromPeerPart", ReplicaNode.FromPeerPart.class.getName());
  }

  @Test
  void aReplicateMessageKeepsItsBytes() {
    ReplicaMessage m = new ReplicaMessage.Replicate(3, 7,
        List.of(new LogRecord(3, 8, Bytes.of(new byte[] {1, 2}), true)), 6, 11, 0);
    assertEquals("00000000000000035200000000000000070000000100000000000000030000000000000008010000000201020000000000000006000000000000000b0000000000000000", HexFormat.of().formatHex(ReplicaCodec.encode(m)));
  }
}
