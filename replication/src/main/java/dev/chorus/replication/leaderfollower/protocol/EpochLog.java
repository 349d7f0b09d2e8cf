package dev.chorus.replication.leaderfollower.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A replica's log with the leader-epoch cache of Kafka's KIP-101 ("Alter replication protocol to
 * use leader epoch rather than high watermark for truncation") and KIP-279: the first offset of
 * every epoch. A follower that comes back after a leader change asks the new leader where its
 * own last epoch ended there, and cuts its log back to that point, so divergent suffixes written
 * by a deposed leader are dropped and nothing the new leader has is lost.
 *
 * <p>A log may be compacted through a stable offset ({@link #compactThrough}): the records up to
 * it are then stood in for by a {@link StoreSnapshot}, its base. Its epoch starts are kept, so the
 * epoch of every offset stays known. Not thread-safe.
 */
public final class EpochLog {
  private final List<LogRecord> records = new ArrayList<>();
  private final TreeMap<Long, Long> epochStarts = new TreeMap<>();
  private long baseOffset;
  private long baseEpoch;

  /** The offset of the last record (0 when empty). */
  public long lastOffset() {
    return baseOffset + records.size();
  }

  /** The epoch of the last record (0 when empty). */
  public long lastEpoch() {
    return records.isEmpty() ? baseEpoch : records.get(records.size() - 1).epoch();
  }

  /** The last offset compacted away (0 when none): records are held only after it. */
  public long baseOffset() {
    return baseOffset;
  }

  /** The record at {@code offset}, which must be after the base. */
  public LogRecord at(long offset) {
    if (offset <= baseOffset || offset > lastOffset()) {
      throw new IllegalArgumentException("no record at " + offset + " (log holds " + (baseOffset + 1) + " to "
          + lastOffset() + ")");
    }
    return records.get((int) (offset - baseOffset) - 1);
  }

  /** The epoch that wrote {@code offset}, compacted or not (0 for offset 0). */
  public long epochAt(long offset) {
    if (offset < 0 || offset > lastOffset()) {
      throw new IllegalArgumentException("no offset " + offset + " (log ends at " + lastOffset() + ")");
    }
    if (offset > baseOffset) {
      return at(offset).epoch();
    }
    if (offset == baseOffset) {
      return baseEpoch;
    }
    long epoch = 0;
    for (Map.Entry<Long, Long> e : epochStarts.entrySet()) {
      if (e.getValue() > offset) {
        break;
      }
      epoch = e.getKey();
    }
    return epoch;
  }

  /**
   * The records after {@code offset}, at most {@code max}.
   *
   * @throws IllegalArgumentException if some of them are compacted away (send the snapshot)
   */
  public List<LogRecord> after(long offset, int max) {
    long from = Math.max(0, offset);
    if (from < baseOffset) {
      throw new IllegalArgumentException("records after " + offset + " are compacted through " + baseOffset);
    }
    int start = (int) (from - baseOffset);
    return List.copyOf(records.subList(start, (int) Math.min(records.size(), (long) start + max)));
  }

  /** Each epoch's first offset, for a snapshot. */
  public java.util.SortedMap<Long, Long> epochStarts() {
    return new TreeMap<>(epochStarts);
  }

  /**
   * Drops the records through {@code snapshot}'s offset, which the snapshot stands in for. The
   * caller makes sure that prefix is stable: no failover can cut it.
   *
   * @throws IllegalArgumentException if the snapshot does not match this log
   */
  public void compactThrough(StoreSnapshot snapshot) {
    long offset = snapshot.offset();
    if (offset <= baseOffset || offset > lastOffset() || epochAt(offset) != snapshot.epoch()) {
      throw new IllegalArgumentException(snapshot + " does not fit a log holding " + (baseOffset + 1) + " to "
          + lastOffset());
    }
    records.subList(0, (int) (offset - baseOffset)).clear();
    baseOffset = offset;
    baseEpoch = snapshot.epoch();
  }

  /** Replaces this whole log by {@code snapshot}: a replica that was too far behind installs it. */
  public void install(StoreSnapshot snapshot) {
    records.clear();
    epochStarts.clear();
    epochStarts.putAll(snapshot.epochStarts());
    baseOffset = snapshot.offset();
    baseEpoch = snapshot.epoch();
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
    if (offset < baseOffset || offset > lastOffset()) {
      // Below the base would cut a stable prefix, which no failover may do.
      throw new IllegalArgumentException("cannot truncate after " + offset + " (log holds " + (baseOffset + 1)
          + " to " + lastOffset() + ")");
    }
    int keep = (int) (offset - baseOffset);
    List<LogRecord> dropped = List.copyOf(records.subList(keep, records.size()));
    records.subList(keep, records.size()).clear();
    epochStarts.tailMap(lastEpoch(), false).clear();
    if (lastOffset() == 0) {
      epochStarts.clear();
    }
    return dropped;
  }
}
