package dev.chorus.journal.file;

import static dev.chorus.journal.file.JournalFixtures.append;
import static dev.chorus.journal.file.JournalFixtures.range;
import static dev.chorus.journal.file.JournalFixtures.replay;
import static dev.chorus.journal.file.JournalFixtures.replayAll;
import static dev.chorus.journal.file.JournalFixtures.settings;
import static dev.chorus.journal.file.JournalFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Pekko's journal TCK checks, against the store: writes, replay ranges, deletes, restarts. */
class FileJournalStoreTest {
  @TempDir Path dir;

  @Test
  void replaysRangesAndHonoursMax() throws Exception {
    try (FileJournalStore store = FileJournalStore.open(settings(dir))) {
      for (long i = 1; i <= 5; i++) {
        append(store, write("a", i, 1), write("b", i, 1));
      }
      assertEquals(range(1, 5), replayAll(store, "a"));
      assertEquals(range(2, 4), replay(store, "a", 2, 4, Long.MAX_VALUE));
      assertEquals(range(2, 3), replay(store, "a", 2, 5, 2));
      assertEquals(List.of(), replay(store, "a", 2, 5, 0));
      assertEquals(List.of(), replay(store, "a", 6, 9, Long.MAX_VALUE));
      assertEquals(List.of(), replayAll(store, "nobody"));
      assertEquals(5, store.highestSequenceNr("a"));
      assertEquals(0, store.highestSequenceNr("nobody"));
    }
  }

  @Test
  void anAtomicWriteOfSeveralEventsReplaysWhole() throws Exception {
    try (FileJournalStore store = FileJournalStore.open(settings(dir))) {
      append(store, write("a", 1, 3));
      append(store, write("a", 4, 2));
      assertEquals(range(1, 5), replayAll(store, "a"));
      assertEquals(range(3, 4), replay(store, "a", 3, 4, Long.MAX_VALUE));
    }
  }

  @Test
  void deleteIsLogicalAndKeepsTheHighestSequenceNumber() throws Exception {
    try (FileJournalStore store = FileJournalStore.open(settings(dir))) {
      append(store, write("a", 1, 5));
      store.deleteTo("a", 3).get();
      assertEquals(range(4, 5), replayAll(store, "a"));
      store.deleteTo("a", Long.MAX_VALUE).get();
      assertEquals(List.of(), replayAll(store, "a"));
      assertEquals(5, store.highestSequenceNr("a"), "deletion never resets the highest sequence number");
      append(store, write("a", 6, 1));
      assertEquals(List.of(6L), replayAll(store, "a"), "events written after a delete-all are live");
    }
    try (FileJournalStore store = FileJournalStore.open(settings(dir))) {
      assertEquals(List.of(6L), replayAll(store, "a"), "deletions survive a restart");
      assertEquals(6, store.highestSequenceNr("a"));
    }
  }

  @Test
  void everythingSurvivesARestart() throws Exception {
    try (FileJournalStore store = FileJournalStore.open(settings(dir))) {
      for (long i = 1; i <= 20; i++) {
        for (int p = 0; p < 7; p++) {
          append(store, write("p" + p, i, 1));
        }
      }
    }
    try (FileJournalStore store = FileJournalStore.open(settings(dir))) {
      for (int p = 0; p < 7; p++) {
        assertEquals(range(1, 20), replayAll(store, "p" + p));
      }
      append(store, write("p1", 21, 1));
      assertEquals(21, store.highestSequenceNr("p1"));
    }
  }

  @Test
  void segmentsRollAndReplaySpansThem() throws Exception {
    byte[] big = new byte[40 * 1024];
    try (FileJournalStore store = FileJournalStore.open(settings(dir).withSegmentSize(256 * 1024))) {
      for (long i = 1; i <= 40; i++) {
        store.append(List.of(new JournalWrite("a", i, List.of(big)))).get();
      }
      assertTrue(store.segmentFiles().size() >= 6, store.segmentFiles().toString());
      long[] count = {0};
      store.replay("a", 1, Long.MAX_VALUE, Long.MAX_VALUE, (seq, payload) -> {
        assertEquals(++count[0], seq);
        assertEquals(big.length, payload.length);
      });
      assertEquals(40, count[0]);
    }
  }

  @Test
  void fullyDeletedSegmentsAreRemovedButTheHighestSequenceNumberStays() throws Exception {
    byte[] big = new byte[60 * 1024];
    try (FileJournalStore store = FileJournalStore.open(settings(dir).withSegmentSize(256 * 1024))) {
      for (long i = 1; i <= 30; i++) {
        store.append(List.of(new JournalWrite("a", i, List.of(big)))).get();
      }
      int before = store.segmentFiles().size();
      store.deleteTo("a", 25).get();
      assertTrue(store.segmentFiles().size() < before, "segments holding only deleted events are removed");
      assertEquals(range(26, 30), sequenceNrs(store, "a"));
    }
    try (FileJournalStore store = FileJournalStore.open(settings(dir).withSegmentSize(256 * 1024))) {
      assertEquals(30, store.highestSequenceNr("a"));
      assertEquals(range(26, 30), sequenceNrs(store, "a"));
    }
  }

  @Test
  void anOversizedWriteIsRejectedBeforeItReachesAFile() throws Exception {
    try (FileJournalStore store = FileJournalStore.open(settings(dir))) {
      JournalWrite huge = new JournalWrite("a", 1, List.of(new byte[17 * 1024 * 1024]));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.append(List.of(huge)));
      assertTrue(e.getMessage().contains("chorus.journal.file.max-record-size"), e.getMessage());
      assertEquals(0, store.highestSequenceNr("a"));
    }
  }

  @Test
  void concurrentWritersShareFsyncs() throws Exception {
    int writers = 32;
    int each = 20;
    try (FileJournalStore store = FileJournalStore.open(settings(dir))) {
      List<Thread> threads = new java.util.ArrayList<>();
      for (int t = 0; t < writers; t++) {
        String pid = "w" + t;
        Thread thread = new Thread(() -> {
          for (long i = 1; i <= each; i++) {
            append(store, write(pid, i, 1));
          }
        });
        thread.start();
        threads.add(thread);
      }
      for (Thread t : threads) {
        t.join();
      }
      JournalStats stats = store.stats();
      assertEquals(writers * each, stats.records());
      assertTrue(stats.batches() < stats.records(),
          "group commit: " + stats.records() + " writes took " + stats.batches() + " fsyncs");
      for (int t = 0; t < writers; t++) {
        assertEquals(range(1, each), replayAll(store, "w" + t));
      }
    }
  }

  private static List<Long> sequenceNrs(FileJournalStore store, String pid) throws java.io.IOException {
    List<Long> seqs = new java.util.ArrayList<>();
    store.replay(pid, 1, Long.MAX_VALUE, Long.MAX_VALUE, (seq, payload) -> seqs.add(seq));
    return seqs;
  }
}
