package dev.chorus.journal.snapshot;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Pekko's snapshot-store TCK checks, plus durability and corruption, on the files alone. */
class SnapshotFilesTest {
  private static final String PID = "p-1";
  private static final long MAX = Long.MAX_VALUE;

  @TempDir Path dir;
  private SnapshotFiles files;

  @BeforeEach
  void open() throws IOException {
    files = SnapshotFiles.open(dir, true);
  }

  @Test
  void loadsTheLatestSnapshot() throws IOException {
    saveFive(PID);
    assertLoaded(PID, SnapshotSelectionCriteria.latest(), 5);
  }

  @Test
  void loadPicksTheNewestMatchingTheCriteria() throws IOException {
    saveFive(PID);
    assertLoaded(PID, SnapshotSelectionCriteria.create(3, MAX), 3);
    assertLoaded(PID, SnapshotSelectionCriteria.create(MAX, 102), 2);
    assertLoaded(PID, SnapshotSelectionCriteria.create(4, MAX, 2, 0), 4);
    assertLoaded(PID, SnapshotSelectionCriteria.create(MAX, MAX, 0, 104), 5);
    assertLoaded(PID, SnapshotSelectionCriteria.create(3, MAX, 3, 103), 3);
  }

  @Test
  void loadReturnsEmptyWhenNothingMatches() throws IOException {
    saveFive(PID);
    assertEquals(Optional.empty(), files.load(PID, SnapshotSelectionCriteria.none()));
    assertEquals(Optional.empty(), files.load(PID, SnapshotSelectionCriteria.create(MAX, MAX, 6, 0)));
    assertEquals(Optional.empty(), files.load(PID, SnapshotSelectionCriteria.create(MAX, 100)));
    assertEquals(Optional.empty(), files.load("other", SnapshotSelectionCriteria.latest()));
  }

  @Test
  void sameSequenceNrIsOverwrittenAndTheLaterTimestampWins() throws IOException {
    files.save(md(PID, 3, 103), bytes("first"));
    files.save(md(PID, 3, 103), bytes("second"));
    assertEquals("second", loadedText(PID, SnapshotSelectionCriteria.latest()));
    files.save(md(PID, 3, 200), bytes("third"));
    assertEquals("third", loadedText(PID, SnapshotSelectionCriteria.latest()));
    assertEquals("second", loadedText(PID, SnapshotSelectionCriteria.create(3, 199)));
  }

  @Test
  void deletesBySequenceNrAndTimestamp() throws IOException {
    saveFive(PID);
    files.delete(md(PID, 3, 999)); // another timestamp: nothing to delete
    assertLoaded(PID, SnapshotSelectionCriteria.create(3, MAX), 3);

    files.delete(md(PID, 3, 103));
    assertLoaded(PID, SnapshotSelectionCriteria.create(3, MAX), 2);
    assertLoaded(PID, SnapshotSelectionCriteria.latest(), 5);
  }

  @Test
  void deleteWithTimestampZeroDeletesEveryTimestampOfThatSequenceNr() throws IOException {
    files.save(md(PID, 2, 102), bytes("s-2"));
    files.save(md(PID, 3, 103), bytes("s-3"));
    files.save(md(PID, 3, 200), bytes("s-3b"));
    files.delete(md(PID, 3, 0));
    assertEquals("s-2", loadedText(PID, SnapshotSelectionCriteria.latest()));
    files.delete(md(PID, 3, 0)); // already gone: still succeeds
  }

  @Test
  void deleteByCriteriaDeletesOnlyMatches() throws IOException {
    saveFive(PID);
    saveFive("bystander");
    files.delete(PID, SnapshotSelectionCriteria.create(4, 103));

    assertLoaded(PID, SnapshotSelectionCriteria.create(3, MAX), 0 /* none */);
    assertLoaded(PID, SnapshotSelectionCriteria.create(4, MAX), 4);
    assertLoaded(PID, SnapshotSelectionCriteria.latest(), 5);
    assertLoaded("bystander", SnapshotSelectionCriteria.create(1, MAX), 1);
    assertEquals(7, snapshotFiles().size());
  }

  @Test
  void persistenceIdsWithAwkwardCharactersAreIsolated() throws IOException {
    List<String> ids = List.of("a/b", "a", "A", "a-1", "x|y", "..", "", "ünï cødé ☃ 日本",
        "a%2Fb", "C:\\temp\\x");
    for (int i = 0; i < ids.size(); i++) {
      files.save(md(ids.get(i), 1, 100), bytes("state of " + ids.get(i)));
    }
    for (String id : ids) {
      assertEquals("state of " + id, loadedText(id, SnapshotSelectionCriteria.latest()), id);
    }
    files.delete("a", SnapshotSelectionCriteria.latest());
    assertEquals(Optional.empty(), files.load("a", SnapshotSelectionCriteria.latest()));
    assertEquals("state of a-1", loadedText("a-1", SnapshotSelectionCriteria.latest()));
    assertEquals("state of A", loadedText("A", SnapshotSelectionCriteria.latest()));
    assertEquals(ids.size() - 1, snapshotFiles().size());
  }

  @Test
  void namesAreSafeOnCaseInsensitiveFileSystems() {
    assertNotEquals(SnapshotFileNames.encode("Ab").toLowerCase(),
        SnapshotFileNames.encode("aB").toLowerCase());
    assertEquals("%41bc%2F%7C-_.", SnapshotFileNames.encode("Abc/|-_."));
    assertEquals("%C3%BC", SnapshotFileNames.encode("ü"));
  }

  @Test
  void survivesReopening() throws IOException {
    saveFive(PID);
    SnapshotFiles reopened = SnapshotFiles.open(dir, true);
    Optional<SnapshotFiles.Loaded> loaded = reopened.load(PID, SnapshotSelectionCriteria.latest());
    assertEquals(md(PID, 5, 105), loaded.orElseThrow().metadata());
    assertArrayEquals(bytes("s-5"), loaded.orElseThrow().bytes());
  }

  @Test
  void corruptNewestSnapshotFailsTheLoadInsteadOfFallingBack() throws IOException {
    saveFive(PID);
    Path newest = onlyFileOf(5);
    byte[] content = Files.readAllBytes(newest);
    content[content.length - 1] ^= 0x01;
    Files.write(newest, content);

    SnapshotCorruptedException e = assertThrows(SnapshotCorruptedException.class,
        () -> files.load(PID, SnapshotSelectionCriteria.latest()));
    assertEquals(newest, e.file());
    assertTrue(e.getMessage().contains(newest.toString()), e.getMessage());
    assertTrue(Files.exists(newest), "a corrupt snapshot is kept for the operator");
    assertLoaded(PID, SnapshotSelectionCriteria.create(4, MAX), 4);
  }

  @Test
  void truncatedOrForeignFilesAreCorrupt() throws IOException {
    files.save(md(PID, 1, 101), bytes("s-1"));
    Path file = onlyFileOf(1);
    Files.write(file, new byte[] {1, 2, 3});
    assertThrows(SnapshotCorruptedException.class,
        () -> files.load(PID, SnapshotSelectionCriteria.latest()));
    Files.write(file, "not a snapshot at all".getBytes(UTF_8));
    assertThrows(SnapshotCorruptedException.class,
        () -> files.load(PID, SnapshotSelectionCriteria.latest()));
  }

  @Test
  void leftoverTempFilesAreIgnoredAndCleanedOnOpen() throws IOException {
    files.save(md(PID, 1, 101), bytes("s-1"));
    Path leftover = dir.resolve(SnapshotFileNames.tempName());
    Files.write(leftover, new byte[] {42});

    assertEquals("s-1", loadedText(PID, SnapshotSelectionCriteria.latest()));
    SnapshotFiles.open(dir, true);
    assertTrue(Files.notExists(leftover));
    assertEquals(1, snapshotFiles().size());
  }

  @Test
  void rejectsAnIdTooLongForAFileNameAndLeavesNothingBehind() throws IOException {
    String longId = "x".repeat(300);
    assertThrows(IllegalArgumentException.class, () -> files.save(md(longId, 1, 1), bytes("s")));
    try (Stream<Path> all = Files.list(dir)) {
      assertEquals(0, all.count());
    }
  }

  @Test
  void worksWithoutFsync() throws IOException {
    SnapshotFiles unsafe = SnapshotFiles.open(dir.resolve("nested/dir"), false);
    unsafe.save(md(PID, 1, 101), bytes("s-1"));
    assertEquals("s-1", new String(
        unsafe.load(PID, SnapshotSelectionCriteria.latest()).orElseThrow().bytes(), UTF_8));
    unsafe.delete(PID, SnapshotSelectionCriteria.latest());
    assertEquals(Optional.empty(), unsafe.load(PID, SnapshotSelectionCriteria.latest()));
  }

  private void saveFive(String pid) throws IOException {
    for (int seqNr = 1; seqNr <= 5; seqNr++) {
      files.save(md(pid, seqNr, 100 + seqNr), bytes("s-" + seqNr));
    }
  }

  /** Asserts the load finds snapshot {@code seqNr} as saved by saveFive, or nothing for 0. */
  private void assertLoaded(String pid, SnapshotSelectionCriteria criteria, long seqNr)
      throws IOException {
    Optional<SnapshotFiles.Loaded> loaded = files.load(pid, criteria);
    if (seqNr == 0) {
      assertEquals(Optional.empty(), loaded);
      return;
    }
    assertEquals(md(pid, seqNr, 100 + seqNr), loaded.orElseThrow().metadata());
    assertArrayEquals(bytes("s-" + seqNr), loaded.orElseThrow().bytes());
  }

  private String loadedText(String pid, SnapshotSelectionCriteria criteria) throws IOException {
    return new String(files.load(pid, criteria).orElseThrow().bytes(), UTF_8);
  }

  private Path onlyFileOf(long seqNr) throws IOException {
    String name = "snapshot-" + SnapshotFileNames.encode(PID) + "-" + seqNr + "-";
    List<Path> matches = snapshotFiles().stream()
        .filter(f -> f.getFileName().toString().startsWith(name)).toList();
    assertEquals(1, matches.size(), matches.toString());
    return matches.get(0);
  }

  private List<Path> snapshotFiles() throws IOException {
    try (Stream<Path> all = Files.list(dir)) {
      return all.filter(f -> f.getFileName().toString().endsWith(".snap")).toList();
    }
  }

  private static SnapshotMetadata md(String pid, long seqNr, long timestamp) {
    return new SnapshotMetadata(pid, seqNr, timestamp);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
