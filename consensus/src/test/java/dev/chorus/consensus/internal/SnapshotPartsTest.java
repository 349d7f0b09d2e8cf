package dev.chorus.consensus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.consensus.Membership;
import dev.chorus.consensus.raft.Entry;
import dev.chorus.consensus.raft.RaftEvent;
import dev.chorus.consensus.raft.Snapshot;
import dev.chorus.core.Bytes;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A snapshot over the part size is journaled as parts, then a Compacted naming them; folding
 * those writes gives the state the single write would have; parts a crash left without their
 * Compacted are dropped; a journal out of order is refused, not misread.
 */
class SnapshotPartsTest {
  private static final Membership CONFIG = new Membership(Set.of("n1", "n2", "n3"), Set.of());
  private static final int PART = 4;

  private static WireEvent compacted(long index, int dataBytes) {
    byte[] data = new byte[dataBytes];
    IntStream.range(0, dataBytes).forEach(i -> data[i] = (byte) (i * 7 + index));
    return WireEvent.of(new RaftEvent.Compacted(new Snapshot(index, 2, CONFIG, Bytes.of(data)),
        List.of(new Entry(index + 1, 2, Entry.NOOP))));
  }

  private static LogState fold(LogState from, List<List<WireEvent>> writes) {
    LogState s = from;
    for (List<WireEvent> w : writes) {
      for (WireEvent e : w) {
        s = s.apply(e);
      }
    }
    return s;
  }

  @Test
  void aSmallWriteGoesAsItIs() {
    List<WireEvent> events = List.of(new WireEvent.TermVoted(2, "n1"), compacted(5, PART));
    assertEquals(List.of(events), SnapshotParts.writes(events, PART));
  }

  @Test
  void aLargeSnapshotGoesInPartsAndFoldsBackToTheSameState() {
    WireEvent big = compacted(9, 3 * PART + 1);
    List<WireEvent> events = List.of(new WireEvent.TermVoted(2, "n1"), big);
    List<List<WireEvent>> writes = SnapshotParts.writes(events, PART);
    assertEquals(5, writes.size(), "4 parts (4 + 4 + 4 + 1 bytes), then the rest");
    writes.subList(0, 4).forEach(w -> assertTrue(w.size() == 1 && w.get(0) instanceof WireEvent.SnapshotPart, w.toString()));
    WireEvent.Compacted naming = (WireEvent.Compacted) writes.get(4).get(1);
    assertEquals(4, naming.parts());
    assertEquals(0, naming.snapshot().data().size());
    LogState whole = fold(LogState.EMPTY, List.of(events));
    LogState inParts = fold(LogState.EMPTY, writes);
    assertEquals(whole, inParts);
    assertEquals(List.of(), inParts.parts(), "the compaction took its parts");
  }

  @Test
  void partsACrashLeftWithoutTheirCompactionAreDroppedByTheNext() {
    List<List<WireEvent>> first = SnapshotParts.writes(List.of(compacted(9, 2 * PART)), PART);
    LogState crashed = fold(LogState.EMPTY, first.subList(0, 2)); // both parts, no Compacted
    assertEquals(2, crashed.parts().size());
    assertEquals(null, crashed.snapshot(), "the parts alone change nothing");
    LogState later = crashed.apply(new WireEvent.TermVoted(3, null));
    WireEvent next = compacted(12, 2 * PART);
    LogState recompacted = fold(later, SnapshotParts.writes(List.of(next), PART));
    assertEquals(fold(later, List.of(List.of(next))), recompacted, "as if the next snapshot had gone whole");
    LogState small = later.apply(compacted(10, 1));
    assertEquals(List.of(), small.parts(), "a compaction with its data inline drops them too");
  }

  @Test
  void aJournalOutOfOrderIsRefused() {
    List<List<WireEvent>> writes = SnapshotParts.writes(List.of(compacted(9, 3 * PART)), PART);
    WireEvent part2 = writes.get(2).get(0);
    IllegalStateException skipped = assertThrows(IllegalStateException.class,
        () -> LogState.EMPTY.apply(writes.get(0).get(0)).apply(part2));
    assertTrue(skipped.getMessage().contains("snapshot part 2 of index 9 follows part 0 of index 9"), skipped.getMessage());
    LogState twoOfThree = fold(LogState.EMPTY, writes.subList(0, 2));
    IllegalStateException missing = assertThrows(IllegalStateException.class,
        () -> twoOfThree.apply(writes.get(3).get(0)));
    assertTrue(missing.getMessage().contains("names 3 snapshot parts, but the journal holds 2"), missing.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> SnapshotParts.writes(List.of(compacted(9, 2 * PART), compacted(12, 2 * PART)), PART));
  }
}
