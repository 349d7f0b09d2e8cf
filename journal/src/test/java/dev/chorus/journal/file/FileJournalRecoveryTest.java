package dev.chorus.journal.file;

import static dev.chorus.journal.file.JournalFixtures.append;
import static dev.chorus.journal.file.JournalFixtures.range;
import static dev.chorus.journal.file.JournalFixtures.replayAll;
import static dev.chorus.journal.file.JournalFixtures.settings;
import static dev.chorus.journal.file.JournalFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.journal.JournalCorruptedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery: a torn tail is cut, damage anywhere else stops recovery with the file and offset. */
class FileJournalRecoveryTest {
  @TempDir Path dir;

  private Path firstSegment() {
    return dir.resolve(Segment.fileName(1));
  }

  /** Writes a1..a5, one batch each, and returns the offset where each record starts. */
  private long[] writeFive() throws IOException {
    long[] offsets = new long[6];
    try (FileJournalStore store = FileJournalStore.open(settings(dir))) {
      for (long i = 1; i <= 5; i++) {
        offsets[(int) i] = recordsEnd();
        append(store, write("a", i, 1));
      }
    }
    return offsets;
  }

  /** Where the records of the first segment end: the file may be allocated beyond. */
  private long recordsEnd() throws IOException {
    if (!Files.exists(firstSegment())) {
      return 0;
    }
    ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(firstSegment()));
    int pos = 0;
    while (pos + Frame.HEADER_BYTES <= data.limit() && data.getInt(pos) > 0) {
      pos += Frame.HEADER_BYTES + data.getInt(pos);
    }
    return pos;
  }

  /** Writes raw bytes right after the last record, as a crash in mid-write would leave them. */
  private void appendRaw(byte[] bytes) throws IOException {
    long end = recordsEnd();
    try (FileChannel ch = FileChannel.open(firstSegment(), StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(bytes), end);
    }
  }

  private void flipByte(long offset) throws IOException {
    try (FileChannel ch = FileChannel.open(firstSegment(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, offset);
      b.put(0, (byte) (b.get(0) ^ 0x5A)).rewind();
      ch.write(b, offset);
    }
  }

  @Test
  void aPartialLastRecordIsTruncatedAndWritingContinues() throws Exception {
    writeFive();
    long clean = recordsEnd();
    byte[] partial = Frame.framed(write("a", 6, 1).toRecord(new BatchMark(99, true)).encode()).array();
    appendRaw(java.util.Arrays.copyOf(partial, partial.length - 3));
    try (FileJournalStore store = FileJournalStore.open(settings(dir))) {
      assertEquals(clean, Files.size(firstSegment()), "the torn tail is cut off");
      assertEquals(range(1, 5), replayAll(store, "a"));
      append(store, write("a", 6, 1));
      assertEquals(range(1, 6), replayAll(store, "a"));
    }
    try (FileJournalStore store = FileJournalStore.open(settings(dir))) {
      assertEquals(range(1, 6), replayAll(store, "a"));
    }
  }

  @Test
  void zerosAfterTheLastRecordAreAllocatedSpaceNotATornTail() throws Exception {
    writeFive();
    long size = Files.size(firstSegment());
    assertTrue(size > recordsEnd(), "the segment is allocated ahead of its records");
    try (FileJournalStore store = FileJournalStore.open(settings(dir))) {
      assertEquals(range(1, 5), replayAll(store, "a"));
      assertEquals(size, Files.size(firstSegment()), "allocated space is kept");
      append(store, write("a", 6, 1));
    }
    try (FileJournalStore store = FileJournalStore.open(settings(dir))) {
      assertEquals(range(1, 6), replayAll(store, "a"));
    }
  }

  @Test
  void aBadCrcInTheLastRecordIsATornTail() throws Exception {
    long[] offsets = writeFive();
    flipByte(offsets[5] + Frame.HEADER_BYTES + 20);
    try (FileJournalStore store = FileJournalStore.open(settings(dir))) {
      assertEquals(range(1, 4), replayAll(store, "a"));
    }
  }

  @Test
  void aBadCrcInTheMiddleStopsRecoveryNamingFileAndOffset() throws Exception {
    long[] offsets = writeFive();
    long size = Files.size(firstSegment());
    flipByte(offsets[3] + Frame.HEADER_BYTES + 20);
    JournalCorruptedException e = assertThrows(JournalCorruptedException.class,
        () -> FileJournalStore.open(settings(dir)));
    assertEquals(firstSegment(), e.file());
    assertEquals(offsets[3], e.offset());
    assertTrue(e.getMessage().contains("CRC32C mismatch"), e.getMessage());
    assertTrue(e.getMessage().contains("not a torn tail"), e.getMessage());
    assertEquals(size, Files.size(firstSegment()), "nothing is truncated");
  }

  @Test
  void aDamagedLengthInTheMiddleIsNotMistakenForATornTail() throws Exception {
    long[] offsets = writeFive();
    flipByte(offsets[2]);
    JournalCorruptedException e = assertThrows(JournalCorruptedException.class,
        () -> FileJournalStore.open(settings(dir)));
    assertEquals(offsets[2], e.offset());
  }

  @Test
  void damageInsideTheLastBatchFollowedOnlyByThatBatchIsATornTail() throws Exception {
    writeFive();
    long batchStart = recordsEnd();
    try (FileJournalStore store = FileJournalStore.open(settings(dir))) {
      // One append call of three writes is one group commit: one batch.
      store.append(List.of(write("a", 6, 1), write("b", 1, 1), write("c", 1, 1))).get();
    }
    flipByte(batchStart + Frame.HEADER_BYTES + 30);
    try (FileJournalStore store = FileJournalStore.open(settings(dir))) {
      assertEquals(range(1, 5), replayAll(store, "a"), "the torn batch is cut, earlier batches stay");
      assertEquals(List.of(), replayAll(store, "b"));
      assertEquals(batchStart, Files.size(firstSegment()));
    }
  }

  @Test
  void damageInASealedSegmentStopsRecovery() throws Exception {
    try (FileJournalStore store = FileJournalStore.open(settings(dir).withSegmentSize(64 * 1024))) {
      for (long i = 1; i <= 10; i++) {
        store.append(List.of(new JournalWrite("a", i, List.of(new byte[20 * 1024])))).get();
      }
    }
    Files.delete(Segment.indexPath(firstSegment()));
    flipByte(Files.size(firstSegment()) - 10);
    JournalCorruptedException e = assertThrows(JournalCorruptedException.class,
        () -> FileJournalStore.open(settings(dir).withSegmentSize(64 * 1024)));
    assertEquals(firstSegment(), e.file());
    assertTrue(e.getMessage().contains("sealed segment"), e.getMessage());
  }

  @Test
  void aMissingOrDamagedIndexIsRebuiltFromTheSegment() throws Exception {
    try (FileJournalStore store = FileJournalStore.open(settings(dir).withSegmentSize(64 * 1024))) {
      for (long i = 1; i <= 10; i++) {
        append(store, write("a", i, 1));
        store.append(List.of(new JournalWrite("pad" + i, 1, List.of(new byte[20 * 1024])))).get();
      }
    }
    Path index = Segment.indexPath(firstSegment());
    assertTrue(Files.exists(index));
    Files.write(index, new byte[] {1, 2, 3}, StandardOpenOption.TRUNCATE_EXISTING);
    Files.delete(Segment.indexPath(dir.resolve(Segment.fileName(2))));
    try (FileJournalStore store = FileJournalStore.open(settings(dir).withSegmentSize(64 * 1024))) {
      assertEquals(range(1, 10), replayAll(store, "a"));
    }
    assertTrue(Files.size(index) > 3, "the damaged index is rewritten");
  }

  @Test
  void anIoErrorFailsTheWriteAndTheJournalStaysReadable() throws Exception {
    writeFive();
    Files.write(Segment.indexPath(firstSegment()), new byte[0]);
    Files.createSymbolicLink(dir.resolve(Segment.fileName(2)), Path.of("/dev/full"));
    try (FileJournalStore store = FileJournalStore.open(settings(dir))) {
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> store.append(List.of(write("a", 6, 1))).get());
      assertTrue(e.getCause() instanceof IOException, e.toString());
      assertEquals(range(1, 5), replayAll(store, "a"), "what was durable is still readable");
      assertEquals(5, store.highestSequenceNr("a"));
      assertThrows(ExecutionException.class, () -> store.append(List.of(write("b", 1, 1))).get());
    }
    assertFalse(Files.size(firstSegment()) == 0);
  }
}
