package dev.chorus.journal.file;

import dev.chorus.journal.JournalSettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's single writer thread. Whatever arrives while one batch is being forced is appended
 * together and shares the next fsync (group commit); each request completes only after the fsync
 * that covers it. Requests are carried out in the order they arrive.
 */
final class GroupCommitWriter {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

  private sealed interface Request permits Append, Delete, Stop {}

  private record Append(List<JournalWrite> writes, int bytes, CompletableFuture<Void> done) implements Request {}

  private record Delete(String persistenceId, long toSequenceNr, CompletableFuture<Void> done) implements Request {}

  private record Stop(CompletableFuture<Void> done) implements Request {}

  private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
  private final JournalSettings settings;
  private final JournalIndex index;
  private final Map<Long, Segment> segments;
  private final DeletionLog deletions;
  private final Thread thread;
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong fsyncs = new AtomicLong();
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private Segment active;
  private long batchId;
  private volatile IOException broken;
  private volatile boolean stopped;
  private final LongConsumer fsyncNanos;

  GroupCommitWriter(JournalSettings settings, JournalIndex index, Map<Long, Segment> segments,
      Segment active, long lastBatchId, DeletionLog deletions, LongConsumer fsyncNanos) {
    this.settings = settings;
    this.fsyncNanos = fsyncNanos;
    this.index = index;
    this.segments = segments;
    this.active = active;
    this.batchId = lastBatchId;
    this.deletions = deletions;
    this.thread = new Thread(this::run, "chorus-journal-writer " + settings.dir());
    thread.setDaemon(true);
    thread.start();
  }

  CompletableFuture<Void> append(List<JournalWrite> writes) {
    int size = 0;
    for (JournalWrite w : writes) {
      size += encodedSize(w);
    }
    return submit(new Append(List.copyOf(writes), size, new CompletableFuture<>()));
  }

  CompletableFuture<Void> delete(String persistenceId, long toSequenceNr) {
    return submit(new Delete(persistenceId, toSequenceNr, new CompletableFuture<>()));
  }

  CompletableFuture<Void> stop() {
    return submit(new Stop(new CompletableFuture<>()));
  }

  JournalStats stats() {
    return new JournalStats(batches.get(), fsyncs.get(), records.get(), events.get(), bytes.get());
  }

  private CompletableFuture<Void> submit(Request r) {
    CompletableFuture<Void> done = doneOf(r);
    queue.add(r);
    if (stopped) {
      failRemaining(); // it arrived after the writer stopped: nobody else will answer it
    }
    return done;
  }

  private static CompletableFuture<Void> doneOf(Request r) {
    if (r instanceof Append a) {
      return a.done();
    }
    if (r instanceof Delete d) {
      return d.done();
    }
    return ((Stop) r).done();
  }

  static int encodedSize(JournalWrite w) {
    int size = Frame.HEADER_BYTES + 1 + BatchMark.BYTES + 2 + 8 + 4 + w.persistenceId().length() * 3;
    for (byte[] p : w.payloads()) {
      size += 4 + p.length;
    }
    return size;
  }

  private void run() {
    List<Append> appends = new ArrayList<>();
    while (true) {
      Request first = nextRequest();
      if (first == null) {
        return;
      }
      long budget = settings.maxBatchBytes();
      for (Request r = first; r != null; r = budget > 0 ? queue.poll() : null) {
        if (r instanceof Append a) {
          appends.add(a);
          budget -= a.bytes();
          continue;
        }
        flush(appends);
        if (r instanceof Delete d) {
          delete(d);
        } else if (r instanceof Stop s) {
          stopped = true;
          closeFiles();
          s.done().complete(null);
          failRemaining();
          return;
        }
      }
      flush(appends);
    }
  }

  private Request nextRequest() {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      return null;
    }
  }

  private void flush(List<Append> appends) {
    if (appends.isEmpty()) {
      return;
    }
    try {
      if (broken != null) {
        throw new IOException("the journal stopped accepting writes after an earlier I/O error", broken);
      }
      writeBatch(appends);
      appends.forEach(a -> a.done().complete(null));
    } catch (IOException | RuntimeException e) {
      appends.forEach(a -> a.done().completeExceptionally(e));
    }
    appends.clear();
  }

  private void writeBatch(List<Append> appends) throws IOException {
    long start = active.size();
    batchId++;
    List<IndexEntry> pending = new ArrayList<>();
    ByteBuffer buffer = ByteBuffer.allocate(appends.stream().mapToInt(Append::bytes).sum());
    int written = 0;
    try {
      for (Append a : appends) {
        for (JournalWrite w : a.writes()) {
          byte[] body = w.toRecord(new BatchMark(batchId, pending.isEmpty())).encode();
          long end = active.size() + buffer.position();
          if (end > 0 && end + Frame.HEADER_BYTES + body.length > settings.segmentSizeBytes()) {
            writeOut(buffer);
            force();
            written += publish(pending);
            roll();
            start = 0;
            body = w.toRecord(new BatchMark(batchId, true)).encode();
          }
          long offset = active.size() + buffer.position();
          Frame.write(buffer, body);
          pending.add(new IndexEntry(w.persistenceId(), w.fromSequenceNr(),
              w.fromSequenceNr() + w.payloads().size() - 1, active.id, offset, Frame.HEADER_BYTES + body.length));
          events.addAndGet(w.payloads().size());
        }
      }
      writeOut(buffer);
      force();
    } catch (IOException e) {
      fail(start, e);
      throw e;
    }
    written += publish(pending);
    batches.incrementAndGet();
    records.addAndGet(written);
  }

  private void writeOut(ByteBuffer buffer) throws IOException {
    buffer.flip();
    bytes.addAndGet(buffer.remaining());
    active.append(buffer);
    buffer.clear();
  }

  private void force() throws IOException {
    if (settings.fsync()) {
      long start = System.nanoTime();
      active.channel.force(false);
      fsyncNanos.accept(System.nanoTime() - start);
      fsyncs.incrementAndGet();
    }
  }

  // The index learns of records only once they are durable, so a replay never returns an event
  // that a crash could still take back.
  private int publish(List<IndexEntry> durable) {
    for (IndexEntry e : durable) {
      segments.get(e.segmentId()).entries.add(e);
      index.add(e);
    }
    int n = durable.size();
    durable.clear();
    return n;
  }

  // Called with everything in the active segment forced and published.
  private void roll() throws IOException {
    Segment sealed = active;
    sealed.truncate(sealed.size()); // a sealed segment ends at its last record: no allocated zeros
    SegmentIndexFile.write(sealed.path, sealed.size(), sealed.entries, settings.fsync());
    active = Segment.open(settings.dir(), sealed.id + 1);
    segments.put(active.id, active);
    removeDeletedSegments();
  }

  // A failed batch must not leave half a record that a later batch would bury in the middle of
  // the file; cut it off. If even that fails, refuse all further writes: reads still work.
  private void fail(long start, IOException cause) {
    try {
      active.truncate(start);
    } catch (IOException e) {
      cause.addSuppressed(e);
      broken = cause;
      log.error("Journal {} refuses further writes: a failed write could not be cut off", settings.dir(), cause);
    }
  }

  private void delete(Delete d) {
    try {
      long highest = index.highest(d.persistenceId());
      deletions.append(new JournalRecord.Deletion(d.persistenceId(), d.toSequenceNr(), highest));
      index.delete(d.persistenceId(), d.toSequenceNr(), highest);
      removeDeletedSegments();
      d.done().complete(null);
    } catch (IOException | RuntimeException e) {
      d.done().completeExceptionally(e);
    }
  }

  private void removeDeletedSegments() throws IOException {
    var sealed = new java.util.TreeSet<>(segments.keySet());
    sealed.remove(active.id);
    for (long id : index.fullyDeleted(sealed)) {
      Segment s = segments.remove(id);
      index.dropSegment(id);
      s.close();
      java.nio.file.Files.deleteIfExists(Segment.indexPath(s.path));
      java.nio.file.Files.deleteIfExists(s.path);
      log.debug("Removed fully deleted segment {}", s.path);
    }
  }

  private void closeFiles() {
    try {
      for (Segment s : segments.values()) {
        s.close();
      }
      deletions.close();
    } catch (IOException e) {
      log.warn("Closing journal files in {} failed", settings.dir(), e);
    }
  }

  private void failRemaining() {
    for (Request r; (r = queue.poll()) != null; ) {
      if (r instanceof Stop) {
        doneOf(r).complete(null);
      } else {
        doneOf(r).completeExceptionally(
            new IllegalStateException("the journal in " + settings.dir() + " is closed"));
      }
    }
  }
}
