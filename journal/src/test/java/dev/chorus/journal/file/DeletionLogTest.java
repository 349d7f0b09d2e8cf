package dev.chorus.journal.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deletion log stays bounded by the number of persistence ids, not the number of deletions,
 * and a recovery from the compacted log deletes exactly what the markers deleted.
 */
class DeletionLogTest {
  private static final int MAX_RECORD = 1 << 20;

  @TempDir Path dir;

  @Test
  void manyDeletionsOfFewIdsAreCompactedAndMeanTheSameAfterARestart() throws Exception {
    List<JournalRecord.Deletion> markers = new ArrayList<>();
    for (int i = 1; i <= 3 * DeletionLog.COMPACT_AT; i++) {
      // Deletions past the highest sequence number, as Raft's delete-all-before-snapshot can be.
      markers.add(new JournalRecord.Deletion("raft-" + (i % 3), 7L * i + (i % 5 == 0 ? 1_000 : 0), 7L * i + 3));
    }
    try (DeletionLog log = DeletionLog.recover(dir, new JournalIndex(), MAX_RECORD, true)) {
      for (JournalRecord.Deletion d : markers) {
        log.append(d);
      }
      assertTrue(log.markers() < DeletionLog.COMPACT_AT, "compacted: " + log.markers() + " markers");
    }
    assertFalse(Files.exists(dir.resolve(DeletionLog.COMPACTING)));
    assertTrue(Files.size(dir.resolve(DeletionLog.FILE)) < 64L * DeletionLog.COMPACT_AT,
        "the file holds about one marker per id");

    JournalIndex expected = applied(markers);
    JournalIndex recovered = new JournalIndex();
    try (DeletionLog again = DeletionLog.recover(dir, recovered, MAX_RECORD, true)) {
      assertTrue(again.markers() < DeletionLog.COMPACT_AT);
    }
    for (String id : List.of("raft-0", "raft-1", "raft-2")) {
      assertEquals(expected.deletedTo(id), recovered.deletedTo(id), id + " deleted as far");
      assertEquals(expected.highest(id), recovered.highest(id), id + " keeps its highest sequence number");
    }
  }

  @Test
  void aLogOfManyIdsIsNotRewrittenForNothing() throws Exception {
    try (DeletionLog log = DeletionLog.recover(dir, new JournalIndex(), MAX_RECORD, true)) {
      for (int i = 0; i < DeletionLog.COMPACT_AT + 10; i++) {
        log.append(new JournalRecord.Deletion("actor-" + i, 5, 9));
      }
      assertEquals(DeletionLog.COMPACT_AT + 10, log.markers(), "one marker per id: nothing to compact");
    }
  }

  @Test
  void aCompactionThatACrashCutShortLeavesTheLogWhole() throws Exception {
    try (DeletionLog log = DeletionLog.recover(dir, new JournalIndex(), MAX_RECORD, true)) {
      log.append(new JournalRecord.Deletion("a", 4, 10));
      log.append(new JournalRecord.Deletion("b", 2, 2));
    }
    Files.write(dir.resolve(DeletionLog.COMPACTING), new byte[] {1, 2, 3});
    JournalIndex recovered = new JournalIndex();
    try (DeletionLog log = DeletionLog.recover(dir, recovered, MAX_RECORD, true)) {
      assertEquals(2, log.markers());
    }
    assertFalse(Files.exists(dir.resolve(DeletionLog.COMPACTING)), "the half-written file is removed");
    assertEquals(4, recovered.deletedTo("a"));
    assertEquals(10, recovered.highest("a"));
    assertEquals(2, recovered.deletedTo("b"));
  }

  private static JournalIndex applied(List<JournalRecord.Deletion> markers) {
    JournalIndex index = new JournalIndex();
    for (JournalRecord.Deletion d : markers) {
      index.delete(d.persistenceId(), d.toSequenceNr(), d.highestSequenceNr());
    }
    return index;
  }
}
