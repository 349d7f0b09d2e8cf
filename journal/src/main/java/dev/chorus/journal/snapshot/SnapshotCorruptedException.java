package dev.chorus.journal.snapshot;

import java.nio.file.Path;

/**
 * A snapshot file failed its integrity check (bad magic, length or CRC), so the load stopped
 * rather than fall back to an older snapshot.
 *
 * <p>Saves rename a complete, forced temporary file into place, so a crash cannot leave a torn
 * snapshot: a bad file is real damage (or, with {@code fsync = off}, the price of a machine
 * crash). Falling back silently could recover wrong state, because events covered by the newer
 * snapshot may already have been deleted. Nothing was deleted; the operator decides whether to
 * restore the file or remove it by hand.
 */
public final class SnapshotCorruptedException extends RuntimeException {
  private final Path file;

  /**
   * @param file the damaged snapshot file
   * @param reason what is wrong with it
   */
  public SnapshotCorruptedException(Path file, String reason) {
    super("Corrupt snapshot file " + file + ": " + reason
        + ". Recovery stopped; no older snapshot was used and nothing was deleted.");
    this.file = file;
  }

  /** The damaged snapshot file. */
  public Path file() {
    return file;
  }
}
