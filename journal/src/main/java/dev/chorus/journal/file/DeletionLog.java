package dev.chorus.journal.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's deletion markers, in their own file so that they outlive the segments whose events
 * they delete (a segment is removed once all of its events are deleted). Each marker is written
 * and forced on its own. Writer thread only, after recovery.
 */
final class DeletionLog implements AutoCloseable {
  static final String FILE = "deletions.log";
  private static final Logger log = LoggerFactory.getLogger(DeletionLog.class);

  private final FileChannel channel;
  private final boolean fsync;
  private long size;

  private DeletionLog(FileChannel channel, long size, boolean fsync) {
    this.channel = channel;
    this.size = size;
    this.fsync = fsync;
  }

  /** Opens the log, applies every marker to {@code index}, and cuts a torn tail. */
  static DeletionLog recover(Path dir, JournalIndex index, int maxRecordSize, boolean fsync) throws IOException {
    Path path = dir.resolve(FILE);
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    FrameScanner.Result r = FrameScanner.scan(path, ch, true, maxRecordSize, (offset, body) -> {
      if (JournalRecord.decode(body) instanceof JournalRecord.Deletion d) {
        index.delete(d.persistenceId(), d.toSequenceNr(), d.highestSequenceNr());
      } else {
        throw new IllegalArgumentException("an events record in the deletion log");
      }
    });
    if (r.isTorn()) {
      log.warn("Truncating torn tail of {} at offset {} ({} bytes dropped): {}", path, r.validEnd(),
          r.fileSize() - r.validEnd(), r.tornTail());
      ch.truncate(r.validEnd());
      ch.force(true);
    }
    return new DeletionLog(ch, r.validEnd(), fsync);
  }

  void append(JournalRecord.Deletion deletion) throws IOException {
    var buffer = Frame.framed(deletion.encode());
    long position = size;
    while (buffer.hasRemaining()) {
      position += channel.write(buffer, position);
    }
    if (fsync) {
      channel.force(false);
    }
    size = position;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
