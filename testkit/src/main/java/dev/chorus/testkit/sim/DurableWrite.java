package dev.chorus.testkit.sim;

import java.util.List;

/**
 * A write to a node's durable storage, which is a list of records. The write first truncates the
 * list to {@code keep} records (unless {@code keep} is {@link #KEEP_ALL}), then appends
 * {@code records}, atomically: after a crash it is either wholly there or not at all.
 *
 * <p>Truncation is what a Raft follower needs when it drops a conflicting log tail (Raft §5.3). A
 * node computes {@code keep} against its own view, which includes its writes still in flight:
 * writes complete in the order they were issued, so that view is what storage will hold.
 *
 * @param token the node's name for this write, reported back by {@link SimNode#onPersisted}
 * @param keep how many records to keep before appending, or {@link #KEEP_ALL}
 * @param records what to append: immutable values
 */
public record DurableWrite(long token, int keep, List<Object> records) {
  /** Truncate nothing. */
  public static final int KEEP_ALL = -1;

  /** Validates and copies. */
  public DurableWrite {
    if (keep < KEEP_ALL) {
      throw new IllegalArgumentException("keep must be >= 0 or KEEP_ALL, got " + keep);
    }
    records = List.copyOf(records);
  }

  /** Appends {@code records}. */
  public static DurableWrite append(long token, Object... records) {
    return new DurableWrite(token, KEEP_ALL, List.of(records));
  }

  /** Keeps the first {@code keep} records, then appends {@code records}. */
  public static DurableWrite truncateThenAppend(long token, int keep, Object... records) {
    return new DurableWrite(token, keep, List.of(records));
  }
}
