package dev.chorus.replication.leaderfollower.protocol;

/**
 * How stale a follower read may be (Terry, "Replicated Data Consistency Explained Through
 * Baseball", CACM 2013). A follower serves it only if it has every record up to the high watermark
 * the leader last told it, less {@code maxOffsets}, and it heard that from the leader at most
 * {@code maxTicks} ago on its own clock; otherwise it refuses and names the leader. So a read
 * misses no write acknowledged more than {@code maxTicks} + 1 ticks and one message transit
 * before it began (with {@code maxOffsets} 0); a message delayed longer makes it staler by that
 * delay.
 *
 * @param maxOffsets how many records below the leader's last known high watermark may be missing
 * @param maxTicks how long ago, in this replica's ticks, the leader may last have been heard
 */
public record Staleness(long maxOffsets, long maxTicks) {
  /** Validates. */
  public Staleness {
    if (maxOffsets < 0 || maxTicks < 0) {
      throw new IllegalArgumentException("staleness bounds are at least 0, got " + maxOffsets + " offsets and "
          + maxTicks + " ticks");
    }
  }
}
