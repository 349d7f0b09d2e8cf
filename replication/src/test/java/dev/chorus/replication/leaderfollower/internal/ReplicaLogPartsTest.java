package dev.chorus.replication.leaderfollower.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A write too large for one journal write goes in parts: folded, the parts give the whole write;
 * parts a crash left without their last are dropped by the next part 0; a Pekko snapshot taken
 * between parts keeps them; a journal out of order is refused.
 */
class ReplicaLogPartsTest {
  private static ReplicaLogActor.Stored image(int n) {
    byte[] b = new byte[n];
    IntStream.range(0, n).forEach(i -> b[i] = (byte) (i * 13 + 1));
    return new ReplicaLogActor.Stored(b, true);
  }

  @Test
  void partsFoldBackIntoTheWholeWrite() {
    ReplicaLogActor.Stored whole = image(10);
    List<ReplicaLogActor.Stored> parts = ReplicaLogFormat.split(whole, 4);
    assertEquals(3, parts.size());
    ReplicaLogFormat.Writes writes = new ReplicaLogFormat.Writes().add(new ReplicaLogActor.Stored(new byte[] {7}, false));
    parts.forEach(writes::add);
    writes.add(new ReplicaLogActor.Stored(new byte[] {8}, false));
    assertEquals(2, writes.bytes().size(), "the image replaced what came before it; the write after it stays");
    assertArrayEquals(whole.write(), writes.bytes().get(0));
  }

  @Test
  void partsWithoutTheirLastCountForNothingAndSurviveASnapshot() {
    List<ReplicaLogActor.Stored> parts = ReplicaLogFormat.split(image(10), 4);
    ReplicaLogFormat.Writes crashed = new ReplicaLogFormat.Writes().add(new ReplicaLogActor.Stored(new byte[] {7}, false));
    crashed.add(parts.get(0)).add(parts.get(1));
    assertEquals(1, crashed.bytes().size(), "the parts alone change nothing");
    ReplicaLogFormat.Writes restored = new ReplicaLogFormat.Writes();
    crashed.all().forEach(restored::add); // as the snapshot adapter restores a Pekko snapshot
    restored.add(parts.get(2));
    assertArrayEquals(image(10).write(), restored.bytes().get(0), "a snapshot between parts kept them");
    ReplicaLogFormat.Writes again = new ReplicaLogFormat.Writes();
    crashed.all().forEach(again::add);
    ReplicaLogFormat.split(image(6), 4).forEach(again::add);
    assertArrayEquals(image(6).write(), again.bytes().get(0), "a new part 0 dropped the unfinished parts");
  }

  @Test
  void aJournalOutOfOrderIsRefused() {
    List<ReplicaLogActor.Stored> parts = ReplicaLogFormat.split(image(12), 4);
    ReplicaLogFormat.Writes writes = new ReplicaLogFormat.Writes().add(parts.get(0));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> writes.add(parts.get(2)));
    assertTrue(e.getMessage().contains("write part 2 of 3 follows 1 parts"), e.getMessage());
  }
}
