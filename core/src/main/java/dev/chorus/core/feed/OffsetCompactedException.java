package dev.chorus.core.feed;

/**
 * A {@link ChangeFeed} was asked for an offset that the store no longer holds: the entries up to
 * it were compacted into a snapshot. The consumer has missed changes it cannot read any more; it
 * must rebuild what it derives from the store (a cache flushes, a replica copies a snapshot) and
 * follow on from {@link #firstAvailable()}. Kafka's {@code OffsetOutOfRange} and etcd's
 * "required revision has been compacted" are the same answer.
 */
public final class OffsetCompactedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;
  private final long requested;
  private final long firstAvailable;

  /** {@code requested} was compacted; the feed starts at {@code firstAvailable}. */
  public OffsetCompactedException(String store, long requested, long firstAvailable) {
    super(store + ": offset " + requested + " was compacted into a snapshot; the feed starts at " + firstAvailable
        + " (rebuild what you derive from the store, then follow from there)");
    this.requested = requested;
    this.firstAvailable = firstAvailable;
  }

  /** The offset asked for. */
  public long requested() {
    return requested;
  }

  /** The lowest offset the feed can still deliver. */
  public long firstAvailable() {
    return firstAvailable;
  }
}
