package dev.chorus.replication.leaderfollower.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.core.Bytes;
import dev.chorus.core.UndecodableMessageException;
import dev.chorus.core.UndecodableMessages;
import dev.chorus.replication.leaderfollower.LogPosition;
import dev.chorus.replication.leaderfollower.protocol.EpochLog;
import dev.chorus.replication.leaderfollower.protocol.LogRecord;
import dev.chorus.replication.leaderfollower.protocol.ReplicaEffects;
import dev.chorus.replication.leaderfollower.protocol.ReplicaMessage;
import dev.chorus.replication.leaderfollower.protocol.StoreSnapshot;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLogger;

/** Every message and durable write survives the codec, operations byte for byte; garbage is refused. */
class ReplicaCodecTest {
  private static final List<LogRecord> RECORDS = List.of(
      new LogRecord(3, 7, LogRecord.EpochStart.INSTANCE, false),
      new LogRecord(3, 8, Bytes.of(new byte[] {1, 2, 3}), true),
      new LogRecord(3, 9, Bytes.of(new byte[0]), false));

  private static final StoreSnapshot SNAPSHOT = new StoreSnapshot(6, 3, new TreeMap<>(Map.of(1L, 1L, 3L, 4L)),
      new byte[] {9, 8, 7});

  @Test
  void everyMessageRoundTrips() throws Exception {
    List<ReplicaMessage> all = List.of(
        new ReplicaMessage.Replicate(3, 6, RECORDS, 5, 42, 4),
        new ReplicaMessage.Replicate(3, 9, List.of(), 9, 43, 9),
        new ReplicaMessage.InstallSnapshot(4, SNAPSHOT),
        new ReplicaMessage.Ack(3, 9),
        new ReplicaMessage.EpochQuery(4, 2),
        new ReplicaMessage.EpochAnswer(4, new EpochLog.EpochEnd(2, 11)),
        new ReplicaMessage.StaleEpoch(5),
        new ReplicaMessage.Fence(6),
        new ReplicaMessage.Fenced(6, 3, 9),
        new ReplicaMessage.TakeOver(6),
        new ReplicaMessage.Fetch(6, 4),
        new ReplicaMessage.Records(6, 6, RECORDS));
    for (ReplicaMessage m : all) {
      assertEquals(m, ReplicaCodec.decodeMessage(ReplicaCodec.encode(m)));
    }
  }

  @Test
  void everyDurableWriteRoundTripsWithItsMarker() {
    List<ReplicaEffects.Marker> markers = Arrays.asList(null, new ReplicaEffects.Marker.Led(3),
        new ReplicaEffects.Marker.Fence(4), new ReplicaEffects.Marker.AckedBelowMajority(3, 8),
        new ReplicaEffects.Marker.Lost(2));
    for (ReplicaEffects.Marker marker : markers) {
      ReplicaEffects.Write w = new ReplicaEffects.Write(17, 6, RECORDS, marker);
      assertEquals(w, ReplicaCodec.decodeWrite(ReplicaCodec.encode(w)));
    }
    ReplicaEffects.Image image = new ReplicaEffects.Image(SNAPSHOT, 5, Set.of(1L, 3L),
        Set.of(new LogPosition(3, 8)), RECORDS, 7);
    ReplicaEffects.Write withImage = new ReplicaEffects.Write(18, 6, List.of(), null, image);
    byte[] bytes = ReplicaCodec.encode(withImage);
    assertEquals(withImage, ReplicaCodec.decodeWrite(bytes));
    ReplicaEffects.Write older = ReplicaCodec.decodeWrite(Arrays.copyOf(bytes, bytes.length - Long.BYTES));
    assertEquals(0, older.image().lostAcknowledged(), "an image written before the count existed counts none");
    assertEquals(image.tail(), older.image().tail());
    ReplicaEffects.Write plain = ReplicaCodec.decodeWrite(ReplicaCodec.encode(new ReplicaEffects.Write(1, -1, RECORDS, null)));
    assertArrayEquals(new byte[] {1, 2, 3}, ((Bytes) plain.records().get(1).operation()).toArray());
  }

  @Test
  void garbageIsRefusedWithAnExplanation() {
    UndecodableMessageException e = assertThrows(UndecodableMessageException.class,
        () -> ReplicaCodec.decodeMessage(new byte[] {0, 0, 0, 0, 0, 0, 0, 1, 'Z'}));
    assertEquals("tag 'Z'", e.type());
    assertTrue(e.getMessage().startsWith("undecodable replication message (type 'tag 'Z''): "), e.getMessage());
    byte[] ack = ReplicaCodec.encode(new ReplicaMessage.Ack(3, 9));
    assertThrows(UndecodableMessageException.class, () -> ReplicaCodec.decodeMessage(Arrays.copyOf(ack, ack.length - 1)));
    assertThrows(UndecodableMessageException.class, () -> ReplicaCodec.decodeMessage(Arrays.copyOf(ack, ack.length + 1)),
        "trailing bytes");
    assertThrows(IllegalArgumentException.class, () -> ReplicaCodec.decodeWrite(new byte[] {1, 2}));
  }

  @Test
  void anUndecodableMessageIsDroppedAndLoggedOncePerType() {
    UndecodableMessages undecodable = new UndecodableMessages(NOPLogger.NOP_LOGGER, "replica s/n1");
    byte[] ack = ReplicaCodec.encode(new ReplicaMessage.Ack(3, 9));
    for (int i = 0; i < 3; i++) {
      assertEquals(Optional.empty(), ReplicaCodec.decodeOrDrop(Arrays.copyOf(ack, ack.length - 1), undecodable));
      assertEquals(Optional.empty(), ReplicaCodec.decodeOrDrop(new byte[] {1, 2}, undecodable));
    }
    assertEquals(Optional.of(new ReplicaMessage.Ack(3, 9)), ReplicaCodec.decodeOrDrop(ack, undecodable));
    assertEquals(6, undecodable.dropped());
    assertEquals(2, undecodable.typesLogged(), "one line for tag 'A', one for the message too short for a tag");
  }
}
