package dev.chorus.journal.file;

import dev.chorus.journal.JournalCorruptedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Reads every frame of a journal file in order and tells a torn tail from corruption.
 *
 * <p>A crash can leave the end of the file being written with a partial record, or with garbage or
 * zeros where the last batch was going (the file grew but the data never reached the disk). That
 * is a torn tail: nothing in it was acknowledged, because a write completes only after its fsync.
 * A damaged record followed by any valid record is different: acknowledged data sits after it, so
 * it is corruption, and recovery stops with the file and offset instead of dropping that data.
 * Not thread-safe; used once per file at start-up.
 */
final class FrameScanner {
  /** Receives each valid frame; the body buffer is only valid during the call. */
  @FunctionalInterface
  interface Visitor {
    void frame(long offset, ByteBuffer body);
  }

  /**
   * How a scan ended.
   *
   * @param validEnd the offset after the last valid frame
   * @param fileSize the file's size when scanned
   * @param tornTail what was wrong at {@code validEnd}, or null if the records ended cleanly,
   *     possibly followed by allocated zeros
   */
  record Result(long validEnd, long fileSize, String tornTail) {
    boolean isTorn() {
      return tornTail != null;
    }
  }

  private static final int MIN_BODY = 1 + 2 + 8;

  private final Path file;
  private final ByteBuffer data;
  private final int maxRecordSize;

  private FrameScanner(Path file, ByteBuffer data, int maxRecordSize) {
    this.file = file;
    this.data = data;
    this.maxRecordSize = maxRecordSize;
  }

  /**
   * Scans {@code channel}, the contents of {@code file}.
   *
   * @param allowTornTail whether a damaged end is a torn tail (the file last written to) or
   *     corruption (a sealed file, which was forced whole before the next one was started)
   * @throws JournalCorruptedException if a damaged record is not a torn tail
   */
  static Result scan(Path file, FileChannel channel, boolean allowTornTail, int maxRecordSize,
      Visitor visitor) throws IOException {
    long size = channel.size();
    if (size > Integer.MAX_VALUE) {
      throw new JournalCorruptedException(file, 0, "file of " + size + " bytes exceeds the segment limit");
    }
    ByteBuffer data = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
    return new FrameScanner(file, data, maxRecordSize).run(allowTornTail, visitor);
  }

  private Result run(boolean allowTornTail, Visitor visitor) {
    int size = data.limit();
    int pos = 0;
    BatchMark lastBatch = null;
    while (pos < size) {
      if (zerosFrom(pos)) {
        return new Result(pos, size, null); // space allocated ahead of the records (see Segment)
      }
      String problem = problemAt(pos);
      if (problem != null) {
        return damaged(pos, problem, allowTornTail, lastBatch);
      }
      int length = data.getInt(pos);
      lastBatch = JournalRecord.batchOf(body(pos));
      try {
        visitor.frame(pos, body(pos));
      } catch (IllegalArgumentException e) {
        throw new JournalCorruptedException(file, pos, "record passed its CRC but is malformed: " + e.getMessage());
      }
      pos += Frame.HEADER_BYTES + length;
    }
    return new Result(pos, size, null);
  }

  private Result damaged(int pos, String problem, boolean allowTornTail, BatchMark before) {
    if (!allowTornTail) {
      throw new JournalCorruptedException(file, pos, problem + " in a sealed segment");
    }
    int first = nextValidFrameAfter(pos);
    if (first >= 0) {
      String why = durableEvidence(first, before);
      if (why != null) {
        throw new JournalCorruptedException(file, pos, problem + "; " + why + ", so this is not a torn tail");
      }
    }
    return new Result(pos, data.limit(), problem);
  }

  // The frames after a damaged one prove it was durable when any of them belongs to a batch that
  // was written after the damaged one's batch had been forced (see BatchMark). Frames of the
  // batch that was in flight at the crash prove nothing.
  private String durableEvidence(int first, BatchMark before) {
    BatchMark firstMark = JournalRecord.batchOf(body(first));
    if (firstMark == null || firstMark.first()) {
      return "a record of a later, completed write follows at offset " + first;
    }
    if (before != null && firstMark.batchId() != before.batchId() && firstMark.batchId() != before.batchId() + 1) {
      return "a record of a later batch follows at offset " + first;
    }
    for (int p = first; p >= 0; p = followingValidFrame(p)) {
      BatchMark mark = JournalRecord.batchOf(body(p));
      if (mark == null || mark.batchId() != firstMark.batchId()) {
        return "a record of a later batch follows at offset " + p;
      }
    }
    return null;
  }

  // The next intact frame after the intact frame at p: right behind it, or found by search.
  private int followingValidFrame(int p) {
    int q = p + Frame.HEADER_BYTES + data.getInt(p);
    if (q >= data.limit()) {
      return -1;
    }
    return problemAt(q) == null ? q : nextValidFrameAfter(q);
  }

  private ByteBuffer body(int pos) {
    return data.slice(pos + Frame.HEADER_BYTES, data.getInt(pos));
  }

  private boolean zerosFrom(int pos) {
    if (data.limit() - pos >= 4 && data.getInt(pos) != 0) {
      return false;
    }
    for (int p = pos; p < data.limit(); p++) {
      if (data.get(p) != 0) {
        return false;
      }
    }
    return true;
  }

  /** Why the frame at {@code pos} is not valid, or null if it is. */
  private String problemAt(int pos) {
    int size = data.limit();
    if (size - pos < Frame.HEADER_BYTES) {
      return "partial record header (" + (size - pos) + " bytes)";
    }
    int length = data.getInt(pos);
    if (length < MIN_BODY || length > maxRecordSize) {
      return "record length " + length + " outside 11.." + maxRecordSize;
    }
    if ((long) pos + Frame.HEADER_BYTES + length > size) {
      return "record of " + length + " bytes extends past the end of the file";
    }
    byte kind = data.get(pos + Frame.HEADER_BYTES);
    if (kind != JournalRecord.EVENTS && kind != JournalRecord.DELETION) {
      return "unknown record kind " + kind;
    }
    if (!Frame.matches(length, data.getInt(pos + 4), body(pos))) {
      return "CRC32C mismatch";
    }
    return null;
  }

  // Looks for any intact frame after a damaged one. Cheap checks (length, end, kind) come before
  // the CRC, so a search over garbage computes few CRCs; a false match would need a CRC32C
  // collision on top of them.
  private int nextValidFrameAfter(int pos) {
    for (int p = pos + 1; p + Frame.HEADER_BYTES + MIN_BODY <= data.limit(); p++) {
      if (problemAt(p) == null) {
        return p;
      }
    }
    return -1;
  }
}
