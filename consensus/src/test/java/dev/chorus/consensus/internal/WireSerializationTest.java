package dev.chorus.consensus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.chorus.consensus.Membership;
import dev.chorus.consensus.MembershipChange;
import dev.chorus.consensus.RaftMetrics;
import dev.chorus.consensus.ReadPath;
import dev.chorus.consensus.Role;
import dev.chorus.consensus.raft.Entry;
import dev.chorus.consensus.raft.RaftEvent;
import dev.chorus.consensus.raft.RaftMessage;
import dev.chorus.consensus.raft.Snapshot;
import dev.chorus.core.Bytes;
import dev.chorus.core.ChorusConfig;
import dev.chorus.core.UndecodableMessageException;
import dev.chorus.testkit.serialization.SerializationAssertions;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Everything a RaftNode sends to another node (Raft's messages in {@link RaftWireSerializer}'s
 * binary form, the rest as Jackson CBOR) or writes to the journal round-trips, and converts back
 * to the core's own values unchanged.
 */
class WireSerializationTest {
  private static final ActorTestKit kit = ActorTestKit.create("wire",
      ChorusConfig.withDefaults(ConfigFactory.parseString("pekko.actor.provider = local")));

  private static final Membership CONFIG = new Membership(Set.of("n1", "n2"), Set.of("n3"));
  private static final List<Entry> ENTRIES = List.of(
      new Entry(4, 2, Entry.NOOP),
      new Entry(5, 2, Bytes.of("put x 1".getBytes(StandardCharsets.UTF_8))),
      new Entry(6, 2, CONFIG),
      new Entry(7, 3, Bytes.empty()));
  private static final Snapshot SNAPSHOT = new Snapshot(3, 1, CONFIG, Bytes.of(new byte[] {0, 1, 2, (byte) 255}));

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void everyRaftMessageCrossesNodesAndComesBackTheSame() {
    List<RaftMessage> messages = List.of(
        new RaftMessage.VoteRequest(3, 7, 2, true, false),
        new RaftMessage.VoteResponse(3, true, true),
        new RaftMessage.Append(3, 3, 1, ENTRIES, 5, 9),
        new RaftMessage.Append(3, 7, 3, List.of(), 7, 10),
        new RaftMessage.AppendResponse(3, false, 0, 2, 4, 9),
        new RaftMessage.ReadIndexRequest(3, 42),
        new RaftMessage.ReadIndexResponse(3, 42, 7, true),
        new RaftMessage.InstallSnapshot(3, 3, 1, CONFIG, 2, Bytes.of(new byte[] {2, (byte) 255}), true),
        new RaftMessage.InstallSnapshotResponse(3, 3, 4, true),
        new RaftMessage.TimeoutNow(3));
    for (RaftMessage m : messages) {
      RaftNode.FromPeer sent = new RaftNode.FromPeer("g", "n1", WireMessage.of(m));
      RaftNode.FromPeer received = SerializationAssertions.assertRoundTrip(kit.system(), sent, RaftWireSerializer.class);
      assertEquals(m, received.message().toRaft());
      assertEquals(sent, received);
    }
  }

  @Test
  void raftMessagesGoInTheirOwnBinaryFormAndABadOneIsRefused() throws Exception {
    RaftNode.FromPeer sent = new RaftNode.FromPeer("g", "n1", WireMessage.of(new RaftMessage.Append(3, 3, 1, ENTRIES, 5, 9)));
    assertEquals(RaftWireSerializer.IDENTIFIER,
        SerializationExtension.get(kit.system()).findSerializerFor(sent).identifier());
    RaftWireSerializer serializer = new RaftWireSerializer();
    byte[] bytes = serializer.toBinary(sent);
    assertEquals(sent, serializer.fromBinary(bytes, RaftWireSerializer.MANIFEST));
    UndecodableMessageException other =
        assertThrows(UndecodableMessageException.class, () -> serializer.decode(bytes, "raft-v0"));
    assertEquals("raft-v0", other.type());
    assertTrue(other.getMessage().startsWith("undecodable Raft message (type 'raft-v0'): unknown format"),
        other.getMessage());
    assertThrows(UndecodableMessageException.class, () -> serializer.decode(Arrays.copyOf(bytes, bytes.length - 1),
        RaftWireSerializer.MANIFEST), "a cut message");
    assertThrows(UndecodableMessageException.class, () -> serializer.decode(Arrays.copyOf(bytes, bytes.length + 1),
        RaftWireSerializer.MANIFEST), "trailing bytes");
    byte[] hugeCount = bytes.clone();
    int countAt = 2 + 1 + 2 + 2 + 1 + 5 * 8; // group "g", sender "n1", tag, five longs
    hugeCount[countAt] = 0x7f;
    assertThrows(UndecodableMessageException.class, () -> serializer.decode(hugeCount, RaftWireSerializer.MANIFEST),
        "a corrupt count is refused before anything that size is allocated");
  }

  @Test
  void anUndecodableMessageIsDeliveredAsUndecodableAndLoggedOncePerManifest() {
    RaftWireSerializer serializer = new RaftWireSerializer();
    byte[] bytes = serializer.toBinary(new RaftNode.FromPeer("g", "n1", new WireMessage.TimeoutNow(3)));
    byte[] garbage = {(byte) 0xff, 0x13, 0x37};
    for (int i = 0; i < 3; i++) {
      assertEquals(RaftNode.Undecodable.INSTANCE,
          serializer.fromBinary(Arrays.copyOf(bytes, bytes.length - 2), RaftWireSerializer.MANIFEST), "cut");
      assertEquals(RaftNode.Undecodable.INSTANCE, serializer.fromBinary(bytes, "raft-v9"), "unknown format");
      assertEquals(RaftNode.Undecodable.INSTANCE, serializer.fromBinary(garbage, RaftWireSerializer.MANIFEST));
    }
    assertEquals(9, serializer.undecodable().dropped());
    assertEquals(2, serializer.undecodable().typesLogged(), "one line for raft-v1, one for raft-v9");
  }

  @Test
  void everyDurableEventAndTheFoldedStateRoundTrip() {
    List<RaftEvent> events = List.of(new RaftEvent.TermVoted(3, "n2"), new RaftEvent.TermVoted(4, null),
        new RaftEvent.Appended(ENTRIES), new RaftEvent.Compacted(SNAPSHOT, ENTRIES));
    for (RaftEvent e : events) {
      SerializationAssertions.assertRoundTrip(kit.system(), WireEvent.of(e));
    }
    Entry replaced = new Entry(7, 4, Entry.NOOP);
    LogState folded = LogState.EMPTY;
    for (RaftEvent e : List.of(new RaftEvent.TermVoted(3, "n2"), new RaftEvent.Compacted(SNAPSHOT, ENTRIES),
        new RaftEvent.TermVoted(4, null), new RaftEvent.Appended(List.of(replaced)))) {
      folded = folded.apply(WireEvent.of(e));
    }
    assertEquals(folded, SerializationAssertions.assertRoundTrip(kit.system(), folded));
    assertEquals(List.of(new RaftEvent.TermVoted(4, null),
        new RaftEvent.Compacted(SNAPSHOT, List.of(ENTRIES.get(0), ENTRIES.get(1), ENTRIES.get(2), replaced))),
        folded.toRaftEvents(), "recovery sees the snapshot and the tail, cut back where a later leader overwrote it");
  }

  @Test
  void aLargeSnapshotsPartsAndTheStateThatHoldsThemRoundTrip() {
    WireEvent.Compacted big = (WireEvent.Compacted) WireEvent.of(new RaftEvent.Compacted(SNAPSHOT, ENTRIES));
    List<List<WireEvent>> writes = SnapshotParts.writes(List.of(big), 3);
    writes.forEach(w -> w.forEach(e -> SerializationAssertions.assertRoundTrip(kit.system(), e)));
    LogState withPart = LogState.EMPTY.apply(writes.get(0).get(0));
    assertEquals(withPart, SerializationAssertions.assertRoundTrip(kit.system(), withPart),
        "a Pekko snapshot may be taken between the parts");
  }

  @Test
  void clientRequestsAndAnswersRoundTrip() {
    var replyTo = kit.<RaftNode.Response>createTestProbe().ref();
    Bytes bytes = Bytes.of(new byte[] {9, 8});
    List<Object> messages = List.of(
        new RaftNode.Submit(bytes, replyTo),
        new RaftNode.Query(bytes, ReadPath.FOLLOWER, replyTo),
        new RaftNode.TransferLeadership("n2", replyTo),
        new RaftNode.ChangeMembership(MembershipChange.Kind.PROMOTE, "n4", replyTo),
        new RaftNode.GetMetrics(kit.<RaftMetrics>createTestProbe().ref()),
        RaftNode.Stop.INSTANCE,
        new RaftNode.Response.Ok(bytes),
        new RaftNode.Response.Configured(Set.of("n1"), Set.of("n2")),
        new RaftNode.Response.NotLeader(Optional.of("n2")),
        new RaftNode.Response.NotLeader(Optional.empty()),
        new RaftNode.Response.Unavailable("no leader known"),
        new RaftNode.Response.Unknown("stopped"),
        new RaftNode.Response.Rejected("no"),
        new RaftMetrics("g", "n1", 3, Role.LEADER, Optional.of("n1"), 7, 7, 8, Set.of("n1", "n2"), Set.of("n3"),
            Map.of("n2", new RaftMetrics.Follower(7, 1), "n3", new RaftMetrics.Follower(0, 8))));
    messages.forEach(m -> SerializationAssertions.assertRoundTrip(kit.system(), m));
  }

  @Test
  void theFoldedLogCutsBackAConflictingTailAndRejectsAGap() {
    WireEntry e1 = WireEntry.of(new Entry(1, 1, Entry.NOOP));
    WireEntry e2 = WireEntry.of(new Entry(2, 1, Bytes.empty()));
    WireEntry e2b = WireEntry.of(new Entry(2, 2, Entry.NOOP));
    LogState s = LogState.EMPTY.apply(new WireEvent.Appended(List.of(e1, e2))).apply(new WireEvent.Appended(List.of(e2b)));
    assertEquals(List.of(e1, e2b), s.entries(), "§5.3: the conflicting entry and all after it go");
    WireEntry e4 = WireEntry.of(new Entry(4, 2, Entry.NOOP));
    LogState before = s;
    assertThrows(IllegalStateException.class, () -> before.apply(new WireEvent.Appended(List.of(e4))));
  }
}
