package dev.chorus.replication.leaderfollower.protocol;

import dev.chorus.core.Bytes;
import java.util.List;

/**
 * Keeps a replication message under Artery's frame (256 KiB by default): a message larger than
 * the frame is dropped by the transport, and a catch-up batch of many large records would then be
 * dropped again on every retry, leaving the follower behind for good.
 */
final class Batches {
  /** The most operation bytes in one message, well under Artery's default 256 KiB frame. */
  static final int MAX_BYTES = 128 * 1024;

  private Batches() {}

  /** The longest prefix of {@code records} whose operations fit {@link #MAX_BYTES}; at least one record. */
  static List<LogRecord> capped(List<LogRecord> records) {
    long bytes = 0;
    for (int i = 0; i < records.size(); i++) {
      bytes += size(records.get(i));
      if (bytes > MAX_BYTES && i > 0) {
        return records.subList(0, i);
      }
    }
    return records;
  }

  // Operations are the user codec's bytes in a running store; anything else counts as small.
  private static long size(LogRecord r) {
    return 32 + (r.operation() instanceof Bytes b ? b.size() : 0);
  }
}
