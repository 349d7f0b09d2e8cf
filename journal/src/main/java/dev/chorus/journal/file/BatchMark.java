package dev.chorus.journal.file;

import java.nio.ByteBuffer;

/**
 * Which group commit a record was written in, and whether it opens that commit.
 *
 * <p>The writer appends batch {@code k + 1} only after batch {@code k}'s fsync completed. So at
 * recovery a damaged record followed only by records of its own batch may be a torn, never
 * acknowledged write; one followed by a record of a later batch sat in durable data, and is
 * corruption.
 *
 * @param batchId the group commit's number, increasing within a segment
 * @param first whether this record is the first of its batch
 */
public record BatchMark(long batchId, boolean first) {
  /** Encoded size. */
  public static final int BYTES = 9;

  void writeTo(ByteBuffer out) {
    out.putLong(batchId).put((byte) (first ? 1 : 0));
  }

  static BatchMark readFrom(ByteBuffer in) {
    return new BatchMark(in.getLong(), in.get() == 1);
  }
}
