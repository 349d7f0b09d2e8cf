package dev.chorus.journal.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** What the journal and the snapshot store need of directories. */
public final class Directories {
  private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

  private Directories() {}

  /**
   * Makes the renames, creations and deletions in {@code dir} durable: those entries live in the
   * directory, which an fsync of the files alone does not write.
   *
   * @throws IOException if the directory cannot be forced (on Windows, where Java cannot open a
   *     directory, this does nothing: NTFS journals the rename itself)
   */
  public static void force(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (AccessDeniedException e) {
      if (!WINDOWS) {
        throw e;
      }
    }
  }
}
