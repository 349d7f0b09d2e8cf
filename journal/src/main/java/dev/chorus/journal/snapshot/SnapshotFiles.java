package dev.chorus.journal.snapshot;

import dev.chorus.journal.file.Directories;
import dev.chorus.journal.file.Frame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;

/**
 * Snapshots as files in one directory, one file per snapshot, with Pekko's snapshot-store
 * semantics. No actors: the plugin calls it from its dispatcher.
 *
 * <p>A file is a 4-byte magic ({@code CHS1}) followed by one {@link Frame} (length, CRC32C,
 * body). Its name carries the persistence id, sequence number and timestamp (see
 * {@link SnapshotFileNames}), so listing needs no reading.
 *
 * <p>A save writes a temporary file, forces it, renames it into place atomically and forces the
 * directory, so a crash leaves either the whole snapshot or none. Loads ignore temporary files;
 * {@link #open} deletes those left by a crash. A file that fails its check makes
 * {@link #load} throw {@link SnapshotCorruptedException}: it never falls back to an older one.
 *
 * <p>Thread-safe: calls for the same or different persistence ids may run concurrently; methods
 * block on the disk. Only one {@code SnapshotFiles} may use a directory at a time. Every directory
 * listing reads the whole directory, so loads and deletes cost time in the number of snapshot
 * files of all persistence ids; retention (keeping a few snapshots per id) keeps that small.
 */
public final class SnapshotFiles {
  /** A snapshot read back: its metadata (from the file name) and the bytes that were saved. */
  public record Loaded(SnapshotMetadata metadata, byte[] bytes) {}

  private record Stored(Path file, SnapshotMetadata metadata) {}

  /** "CHS1": a Chorus snapshot file, format 1. */
  private static final int MAGIC = 0x43485331;
  private static final int HEADER_BYTES = Integer.BYTES + Frame.HEADER_BYTES;
  private static final Comparator<Stored> OLDEST_FIRST = Comparator
      .comparingLong((Stored s) -> s.metadata().sequenceNr())
      .thenComparingLong(s -> s.metadata().timestamp());

  private final Path dir;
  private final boolean fsync;

  private SnapshotFiles(Path dir, boolean fsync) {
    this.dir = dir;
    this.fsync = fsync;
  }

  /**
   * Opens (creating if missing) a snapshot directory and deletes temporary files left by a crash.
   *
   * @param fsync whether saves and deletes are forced to disk before they return
   * @throws IOException if the directory cannot be created or listed
   */
  public static SnapshotFiles open(Path dir, boolean fsync) throws IOException {
    Files.createDirectories(dir);
    SnapshotFiles files = new SnapshotFiles(dir, fsync);
    files.deleteTempFiles();
    return files;
  }

  /** The directory of the snapshot files. */
  public Path dir() {
    return dir;
  }

  /**
   * Saves a snapshot, replacing one with the same persistence id, sequence number and timestamp.
   * Returns once it is durable (when fsync is on). {@code metadata.metadata()} is not stored.
   *
   * @throws IllegalArgumentException if the persistence id is too long for a file name, or a
   *     number is negative
   * @throws IOException if writing fails; no partial snapshot is left behind
   */
  public void save(SnapshotMetadata metadata, byte[] bytes) throws IOException {
    String name = new SnapshotFileNames(metadata.persistenceId())
        .name(metadata.sequenceNr(), metadata.timestamp());
    Path temp = dir.resolve(SnapshotFileNames.tempName());
    try {
      write(temp, bytes);
      // Readers see the old state or the whole new file, never a torn one.
      Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      deleteAfterFailure(temp, e);
      throw e;
    }
    if (fsync) {
      forceDirectory();
    }
  }

  /**
   * The newest snapshot (highest sequence number, then timestamp) of {@code persistenceId} that
   * {@code criteria} matches, or empty when none does.
   *
   * @throws SnapshotCorruptedException if that snapshot's file fails its check
   * @throws IOException if the directory or the file cannot be read
   */
  public Optional<Loaded> load(String persistenceId, SnapshotSelectionCriteria criteria)
      throws IOException {
    Optional<Stored> newest = list(persistenceId, criteria::matches).stream().max(OLDEST_FIRST);
    if (newest.isEmpty()) {
      return Optional.empty();
    }
    Stored stored = newest.get();
    return Optional.of(new Loaded(stored.metadata(), read(stored.file())));
  }

  /**
   * Deletes the snapshots of {@code metadata}'s persistence id and sequence number with its
   * timestamp, or with any timestamp when it is 0 (Pekko's convention). Deleting what is not
   * there succeeds.
   *
   * @throws IOException if the directory cannot be listed or a file cannot be deleted
   */
  public void delete(SnapshotMetadata metadata) throws IOException {
    deleteAll(list(metadata.persistenceId(), stored ->
        stored.sequenceNr() == metadata.sequenceNr()
            && (metadata.timestamp() == 0 || stored.timestamp() == metadata.timestamp())));
  }

  /**
   * Deletes every snapshot of {@code persistenceId} that {@code criteria} matches.
   *
   * @throws IOException if the directory cannot be listed or a file cannot be deleted
   */
  public void delete(String persistenceId, SnapshotSelectionCriteria criteria) throws IOException {
    deleteAll(list(persistenceId, criteria::matches));
  }

  private List<Stored> list(String persistenceId, Predicate<SnapshotMetadata> filter)
      throws IOException {
    SnapshotFileNames names = new SnapshotFileNames(persistenceId);
    List<Stored> found = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        names.parse(file.getFileName().toString())
            .filter(filter)
            .ifPresent(metadata -> found.add(new Stored(file, metadata)));
      }
    }
    return found;
  }

  private void write(Path temp, byte[] bytes) throws IOException {
    ByteBuffer content = ByteBuffer.allocate(HEADER_BYTES + bytes.length).putInt(MAGIC);
    Frame.write(content, bytes);
    content.flip();
    try (FileChannel channel = FileChannel.open(temp,
        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      while (content.hasRemaining()) {
        channel.write(content);
      }
      if (fsync) {
        // Before the rename: otherwise a crash could leave the new name on an empty file.
        channel.force(true);
      }
    }
  }

  private static byte[] read(Path file) throws IOException {
    ByteBuffer content = ByteBuffer.wrap(Files.readAllBytes(file));
    if (content.remaining() < HEADER_BYTES) {
      throw new SnapshotCorruptedException(file, "only " + content.remaining()
          + " bytes, less than the " + HEADER_BYTES + "-byte header");
    }
    int magic = content.getInt();
    if (magic != MAGIC) {
      throw new SnapshotCorruptedException(file, String.format(
          "magic is 0x%08X, expected 0x%08X (not a Chorus snapshot file, format 1)", magic, MAGIC));
    }
    int length = content.getInt();
    int crc = content.getInt();
    if (!Frame.matches(length, crc, content)) {
      throw new SnapshotCorruptedException(file, "header declares " + length + " bytes with CRC32C "
          + Integer.toHexString(crc) + ", but the file holds " + content.remaining()
          + " bytes with CRC32C " + Integer.toHexString(Frame.crc(content)));
    }
    return Arrays.copyOfRange(content.array(), HEADER_BYTES, HEADER_BYTES + length);
  }

  private void deleteAll(List<Stored> doomed) throws IOException {
    for (Stored stored : doomed) {
      Files.deleteIfExists(stored.file());
    }
    if (fsync && !doomed.isEmpty()) {
      // A deleted snapshot must not come back after a crash: the events it covered may have been
      // deleted too, and recovering from it would skip the events deleted after it.
      forceDirectory();
    }
  }

  private void deleteTempFiles() throws IOException {
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir,
        file -> SnapshotFileNames.isTemp(file.getFileName().toString()))) {
      for (Path temp : temps) {
        Files.deleteIfExists(temp);
      }
    }
  }

  private static void deleteAfterFailure(Path temp, Exception failure) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      // The save's own failure is what the caller needs; open() removes the file next time.
      failure.addSuppressed(e);
    }
  }

  /** Makes renames and deletes in the directory durable: the entries live in the directory. */
  private void forceDirectory() throws IOException {
    Directories.force(dir);
  }
}
