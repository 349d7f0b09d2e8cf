package dev.chorus.journal.file;

import dev.chorus.journal.JournalSettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded journal's storage: segmented append-only files with a CRC32C on every record,
 * group-commit fsync, an index per persistence id, logical deletion and removal of fully deleted
 * segments. It knows nothing of actors or Pekko serialization: events are bytes.
 *
 * <p>{@link #open} recovers: it truncates a torn tail of the last segment and throws
 * {@link dev.chorus.journal.JournalCorruptedException} for damage anywhere else. Appends and
 * deletes are carried out in order by one writer thread and complete only once durable. Replays
 * and reads may run on any thread, concurrently with writes, and see only durable records.
 */
public final class FileJournalStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FileJournalStore.class);

  /** Receives replayed events. */
  @FunctionalInterface
  public interface EventVisitor {
    /** Called once per event, in sequence order, on the replaying thread. */
    void event(long sequenceNr, byte[] payload);
  }

  private final JournalSettings settings;
  private final JournalIndex index;
  private final Map<Long, Segment> segments;
  private final GroupCommitWriter writer;

  private FileJournalStore(JournalSettings settings, JournalIndex index, Map<Long, Segment> segments,
      GroupCommitWriter writer) {
    this.settings = settings;
    this.index = index;
    this.segments = segments;
    this.writer = writer;
  }

  /**
   * Opens the journal in {@code settings.dir()}, creating it if needed, and recovers its state.
   *
   * @throws dev.chorus.journal.JournalCorruptedException if a record other than a torn tail is damaged
   * @throws IOException if the directory or a file cannot be read or written
   */
  public static FileJournalStore open(JournalSettings settings) throws IOException {
    return open(settings, nanos -> { });
  }

  /**
   * As {@link #open(JournalSettings)}, telling {@code fsyncNanos} how long each fsync took (on the
   * writer thread: it must be quick and must not throw).
   */
  public static FileJournalStore open(JournalSettings settings, LongConsumer fsyncNanos) throws IOException {
    Files.createDirectories(settings.dir());
    JournalIndex index = new JournalIndex();
    Map<Long, Segment> segments = new ConcurrentHashMap<>();
    List<Long> ids = segmentIds(settings.dir());
    if (ids.isEmpty()) {
      ids = List.of(1L);
    }
    long lastBatch = 0;
    try {
      for (long id : ids) {
        Segment s = Segment.open(settings.dir(), id);
        segments.put(id, s);
        boolean last = id == ids.get(ids.size() - 1);
        lastBatch = last ? recoverActive(s, index, settings) : recoverSealed(s, index, settings);
      }
      DeletionLog deletions = DeletionLog.recover(settings.dir(), index, settings.maxRecordSizeBytes(), settings.fsync());
      Segment active = segments.get(ids.get(ids.size() - 1));
      GroupCommitWriter writer = new GroupCommitWriter(settings, index, segments, active, lastBatch, deletions,
          fsyncNanos);
      return new FileJournalStore(settings, index, segments, writer);
    } catch (IOException | RuntimeException e) {
      for (Segment s : segments.values()) {
        s.close();
      }
      throw e;
    }
  }

  private static List<Long> segmentIds(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.matches("\\d{20}\\.seg"))
          .map(n -> Long.parseLong(n.substring(0, 20)))
          .sorted()
          .toList();
    }
  }

  private static long recoverSealed(Segment s, JournalIndex index, JournalSettings settings) throws IOException {
    var known = SegmentIndexFile.read(s.path, s.id, s.size());
    if (known.isPresent()) {
      known.get().forEach(e -> add(s, index, e));
      return 0;
    }
    log.info("Rebuilding the index of {} from the segment", s.path);
    scan(s, index, settings, false);
    if (s.size() < s.channel.size()) {
      s.truncate(s.size()); // allocated space left by a crash before the segment was sealed
    }
    SegmentIndexFile.write(s.path, s.size(), s.entries, settings.fsync());
    return 0;
  }

  private static long recoverActive(Segment s, JournalIndex index, JournalSettings settings) throws IOException {
    return scan(s, index, settings, true);
  }

  /** Scans a segment into the index; returns the highest batch id seen. */
  private static long scan(Segment s, JournalIndex index, JournalSettings settings, boolean active)
      throws IOException {
    long[] lastBatch = {0};
    FrameScanner.Result r = FrameScanner.scan(s.path, s.channel, active, settings.maxRecordSizeBytes(),
        (offset, body) -> {
          JournalRecord.EventsHeader h = JournalRecord.decodeEventsHeader(body);
          if (h == null) {
            throw new IllegalArgumentException("a deletion record in a segment");
          }
          lastBatch[0] = Math.max(lastBatch[0], JournalRecord.batchOf(body).batchId());
          add(s, index, new IndexEntry(h.persistenceId(), h.fromSequenceNr(), h.toSequenceNr(), s.id,
              offset, Frame.HEADER_BYTES + body.remaining()));
        });
    if (r.isTorn()) {
      log.warn("Truncating torn tail of {} at offset {} ({} bytes dropped): {}", s.path, r.validEnd(),
          r.fileSize() - r.validEnd(), r.tornTail());
      s.truncate(r.validEnd());
    } else {
      s.recovered(r.validEnd());
    }
    return lastBatch[0];
  }

  private static void add(Segment s, JournalIndex index, IndexEntry e) {
    s.entries.add(e);
    index.add(e);
  }

  /**
   * Appends atomic writes; each is durable, or none is, when the future completes.
   *
   * @throws IllegalArgumentException at once if a write exceeds {@code max-record-size}
   */
  public CompletableFuture<Void> append(List<JournalWrite> writes) {
    writes.forEach(this::checkSize);
    return writer.append(writes);
  }

  /**
   * Throws if {@code write} is too large to append.
   *
   * @throws IllegalArgumentException naming the size, the persistence id and the limit's key
   */
  public void checkSize(JournalWrite write) {
    int size = GroupCommitWriter.encodedSize(write);
    if (size > settings.maxRecordSizeBytes()) {
      throw new IllegalArgumentException("an atomic write of " + size + " bytes for " + write.persistenceId()
          + " exceeds chorus.journal.file.max-record-size (" + settings.maxRecordSizeBytes() + " bytes)");
    }
  }

  /** Deletes events of {@code persistenceId} up to {@code toSequenceNr}, durably. */
  public CompletableFuture<Void> deleteTo(String persistenceId, long toSequenceNr) {
    return writer.delete(persistenceId, toSequenceNr);
  }

  /** The highest sequence number written for {@code persistenceId}, even if deleted; 0 if none. */
  public long highestSequenceNr(String persistenceId) {
    return index.highest(persistenceId);
  }

  /**
   * Replays the live events of {@code persistenceId} within [from, to], at most {@code max}.
   *
   * @return how many events were replayed
   */
  public long replay(String persistenceId, long from, long to, long max, EventVisitor visitor) throws IOException {
    long deletedTo = index.deletedTo(persistenceId);
    long count = 0;
    for (IndexEntry e : index.entries(persistenceId, from, to)) {
      ByteBuffer frame = read(e);
      if (frame == null) {
        continue;
      }
      ByteBuffer body = frame.position(Frame.HEADER_BYTES).slice();
      var events = (JournalRecord.Events) JournalRecord.decode(body);
      for (int i = 0; i < events.payloads().size(); i++) {
        long seq = events.fromSequenceNr() + i;
        if (seq < from || seq <= deletedTo) {
          continue;
        }
        if (seq > to || count >= max) {
          return count;
        }
        visitor.event(seq, events.payloads().get(i));
        count++;
      }
    }
    return count;
  }

  // A segment removed after the entries were listed held only deleted events: nothing to replay.
  private ByteBuffer read(IndexEntry e) throws IOException {
    Segment s = segments.get(e.segmentId());
    if (s == null) {
      return null;
    }
    try {
      return s.read(e.offset(), e.frameLength());
    } catch (java.nio.channels.ClosedChannelException closed) {
      if (segments.containsKey(e.segmentId())) {
        throw closed;
      }
      return null;
    }
  }

  /** Counters since the journal was opened. */
  public JournalStats stats() {
    return writer.stats();
  }

  /** The segment files now on disk, oldest first. */
  public List<Path> segmentFiles() {
    List<Path> out = new ArrayList<>();
    segments.keySet().stream().sorted().forEach(id -> out.add(segments.get(id).path));
    return out;
  }

  /** Finishes queued writes and closes the files; later requests fail. Waits up to 30 s. */
  @Override
  public void close() {
    try {
      writer.stop().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("closing the journal in " + settings.dir() + " failed", e);
    }
  }
}
