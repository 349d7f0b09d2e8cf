package dev.chorus.replication.leaderfollower;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A replica's log with the leader-epoch cache of Kafka's KIP-101 ("Alter replication protocol to
 * use leader epoch rather than high watermark for truncation") and KIP-279: the first offset of
 * every epoch. A follower that comes back after a leader change asks the new leader where its
 * own last epoch ended there, and cuts its log back to that point, so divergent suffixes written
 * by a deposed leader are dropped and nothing the new leader has is lost. Not thread-safe.
 */
public final class EpochLog {
  private final List<LogRecord> records = new ArrayList<>();
  private final TreeMap<Long, Long> epochStarts = new TreeMap<>();

  /** The offset of the last record (0 when empty). */
  public long lastOffset() {
    return records.size();
  }

  /** The epoch of the last record (0 when empty). */
  public long lastEpoch() {
    return records.isEmpty() ? 0 : records.get(records.size() - 1).epoch();
  }

  /** The record at {@code offset}. */
  public LogRecord at(long offset) {
    if (offset < 1 || offset > lastOffset()) {
      throw new IllegalArgumentException("no record at " + offset + " (log ends at " + lastOffset() + ")");
    }
    return records.get((int) offset - 1);
  }

  /** The records after {@code offset}, at most {@code max}. */
  public List<LogRecord> after(long offset, int max) {
    int from = (int) Math.max(0, offset);
    return List.copyOf(records.subList(from, (int) Math.min(lastOffset(), (long) from + max)));
  }

  /**
   * Appends {@code r}, which must follow the last record and not go back in epoch.
   *
   * @throws IllegalArgumentException if it does not
   */
  public void append(LogRecord r) {
    if (r.offset() != lastOffset() + 1 || r.epoch() < lastEpoch()) {
      throw new IllegalArgumentException("record " + r.offset() + " in epoch " + r.epoch()
          + " does not follow offset " + lastOffset() + " in epoch " + lastEpoch());
    }
    if (r.epoch() > lastEpoch()) {
      epochStarts.put(r.epoch(), r.offset());
    }
    records.add(r);
  }

  /**
   * KIP-279's OffsetsForLeaderEpoch, asked of the leader: the largest epoch it has that is at most
   * {@code epoch}, and the last offset of that epoch in its log (the offset before the next
   * epoch's first, or its last offset). (0, 0) when it has nothing that old.
   */
  public EpochEnd endOf(long epoch) {
    Map.Entry<Long, Long> floor = epochStarts.floorEntry(epoch);
    if (floor == null) {
      return new EpochEnd(0, 0);
    }
    Map.Entry<Long, Long> next = epochStarts.higherEntry(floor.getKey());
    return new EpochEnd(floor.getKey(), next == null ? lastOffset() : next.getValue() - 1);
  }

  /** The offset of the first record of {@code epoch}, or 0 if this log has none. */
  public long startOf(long epoch) {
    return epochStarts.getOrDefault(epoch, 0L);
  }

  /** The answer to an epoch query. */
  public record EpochEnd(long epoch, long lastOffset) {}

  /**
   * Where a follower with this log must cut back to, given the leader's answer for the
   * follower's last epoch: to the end of that epoch in both logs, whichever is first (KIP-279
   * truncates again if the follower's log still diverges at an earlier epoch; the caller asks
   * again with the new last epoch until the answer's epoch matches).
   */
  public long divergenceAt(EpochEnd leader) {
    EpochEnd mine = endOf(leader.epoch());
    return leader.epoch() == 0 ? 0 : Math.min(leader.lastOffset(), mine.lastOffset());
  }

  /**
   * Drops every record after {@code offset}.
   *
   * @return the records dropped, oldest first
   */
  public List<LogRecord> truncateAfter(long offset) {
    if (offset < 0 || offset > lastOffset()) {
      throw new IllegalArgumentException("cannot truncate after " + offset + " (log ends at " + lastOffset() + ")");
    }
    List<LogRecord> dropped = List.copyOf(records.subList((int) offset, records.size()));
    records.subList((int) offset, records.size()).clear();
    epochStarts.tailMap(lastEpoch(), false).clear();
    if (records.isEmpty()) {
      epochStarts.clear();
    }
    return dropped;
  }
}
