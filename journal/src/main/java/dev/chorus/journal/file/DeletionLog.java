package dev.chorus.journal.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's deletion markers, in their own file so that they outlive the segments whose events
 * they delete (a segment is removed once all of its events are deleted). Each marker is written
 * and forced on its own. Writer thread only, after recovery.
 *
 * <p>Markers only ever raise two numbers per persistence id, so all of one id's markers mean the
 * same as one marker that holds the highest of each. The log is compacted to that one marker per
 * id once it holds {@link #COMPACT_AT} markers and more than twice as many as ids: a Raft member
 * deletes its log after each snapshot, so without compaction the file, and the time to recover
 * it, would grow for as long as the node runs. The compacted file is written beside the log,
 * forced, renamed over it and the directory forced, so a crash leaves either the old log or the
 * new one, each meaning the same.
 */
final class DeletionLog implements AutoCloseable {
  static final String FILE = "deletions.log";
  static final String COMPACTING = "deletions.log.compacting";
  static final int COMPACT_AT = 1024;
  private static final Logger log = LoggerFactory.getLogger(DeletionLog.class);

  private final Path dir;
  private final boolean fsync;
  private final Map<String, JournalRecord.Deletion> latest;
  private FileChannel channel;
  private long size;
  private int markers;
  private IOException broken;

  private DeletionLog(Path dir, FileChannel channel, long size, boolean fsync,
      Map<String, JournalRecord.Deletion> latest, int markers) {
    this.dir = dir;
    this.channel = channel;
    this.size = size;
    this.fsync = fsync;
    this.latest = latest;
    this.markers = markers;
  }

  /** Opens the log, applies every marker to {@code index}, and cuts a torn tail. */
  static DeletionLog recover(Path dir, JournalIndex index, int maxRecordSize, boolean fsync) throws IOException {
    // A compaction the process did not finish: the log itself is still whole.
    Files.deleteIfExists(dir.resolve(COMPACTING));
    Path path = dir.resolve(FILE);
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    Map<String, JournalRecord.Deletion> latest = new LinkedHashMap<>();
    int[] markers = {0};
    FrameScanner.Result r = FrameScanner.scan(path, ch, true, maxRecordSize, (offset, body) -> {
      if (JournalRecord.decode(body) instanceof JournalRecord.Deletion d) {
        index.delete(d.persistenceId(), d.toSequenceNr(), d.highestSequenceNr());
        fold(latest, d);
        markers[0]++;
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
    return new DeletionLog(dir, ch, r.validEnd(), fsync, latest, markers[0]);
  }

  /**
   * Writes {@code deletion} durably; then compacts the log if it is due.
   *
   * @throws IOException if the marker could not be written, or a compaction failed after its
   *     rename; from then on the log refuses markers, since it cannot tell which file a restart
   *     would find
   */
  void append(JournalRecord.Deletion deletion) throws IOException {
    if (broken != null) {
      throw new IOException("the deletion log refuses markers since compacting it failed", broken);
    }
    size = write(channel, size, deletion);
    if (fsync) {
      channel.force(false);
    }
    fold(latest, deletion);
    markers++;
    if (markers >= COMPACT_AT && markers > 2 * latest.size()) {
      compact();
    }
  }

  /** How many markers the file holds now. */
  int markers() {
    return markers;
  }

  private void compact() throws IOException {
    Path compacting = dir.resolve(COMPACTING);
    long written;
    try {
      written = writeAll(compacting);
      Files.move(compacting, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      // Nothing changed: the log still holds every marker, the one just written included. A
      // leftover compacting file is harmless: the next compaction or start-up replaces it.
      try {
        Files.deleteIfExists(compacting);
      } catch (IOException leftover) {
        e.addSuppressed(leftover);
      }
      log.warn("Compacting {} failed; it stays as it is", dir.resolve(FILE), e);
      return;
    }
    try {
      FileChannel old = channel;
      channel = FileChannel.open(dir.resolve(FILE), StandardOpenOption.READ, StandardOpenOption.WRITE);
      old.close();
      // The rename must be durable before a marker goes into the new file, or a crash could bring
      // back the old file without that marker.
      Directories.force(dir);
    } catch (IOException e) {
      broken = e;
      throw e;
    }
    log.debug("Compacted {} deletion markers to {}", markers, latest.size());
    size = written;
    markers = latest.size();
  }

  private long writeAll(Path file) throws IOException {
    long written = 0;
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      for (JournalRecord.Deletion d : latest.values()) {
        written = write(out, written, d);
      }
      out.force(true);
    }
    return written;
  }

  private static long write(FileChannel ch, long at, JournalRecord.Deletion deletion) throws IOException {
    ByteBuffer buffer = Frame.framed(deletion.encode());
    long position = at;
    while (buffer.hasRemaining()) {
      position += ch.write(buffer, position);
    }
    return position;
  }

  // JournalIndex.delete keeps the highest of each number, and deletes no further than the
  // highest sequence number the marker saw: so one marker with the highest of both, after
  // capping the deletion at its own highest, means the same as all of them.
  private static void fold(Map<String, JournalRecord.Deletion> latest, JournalRecord.Deletion d) {
    long to = Math.min(d.toSequenceNr(), d.highestSequenceNr());
    latest.merge(d.persistenceId(), new JournalRecord.Deletion(d.persistenceId(), to, d.highestSequenceNr()),
        (a, b) -> new JournalRecord.Deletion(a.persistenceId(), Math.max(a.toSequenceNr(), b.toSequenceNr()),
            Math.max(a.highestSequenceNr(), b.highestSequenceNr())));
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
