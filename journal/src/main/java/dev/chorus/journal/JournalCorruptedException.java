package dev.chorus.journal;

import java.nio.file.Path;

/**
 * A journal file holds a damaged record that is not a torn tail, so recovery stopped rather than
 * skip it. Nothing was truncated or deleted; the operator decides (restore the file, or cut it by
 * hand at the offset given).
 */
public final class JournalCorruptedException extends RuntimeException {
  private final Path file;
  private final long offset;

  /**
   * @param file the damaged file
   * @param offset the byte offset of the damaged record
   * @param reason what is wrong there
   */
  public JournalCorruptedException(Path file, long offset, String reason) {
    super("Corrupt journal record in " + file + " at offset " + offset + ": " + reason
        + ". Recovery stopped; nothing was truncated.");
    this.file = file;
    this.offset = offset;
  }

  /** The damaged file. */
  public Path file() {
    return file;
  }

  /** The offset of the damaged record in {@link #file()}. */
  public long offset() {
    return offset;
  }
}
