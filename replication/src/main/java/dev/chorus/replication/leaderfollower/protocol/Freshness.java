package dev.chorus.replication.leaderfollower.protocol;

/**
 * What a follower last heard from its leader, for bounded-staleness reads and the status. It
 * outlives the follower's role: a replica that stopped following still reports how stale its copy
 * is, until it follows again and starts afresh.
 */
final class Freshness {
  /** The sequence number of the newest leader message heard: an older one arriving late says nothing new. */
  private long seq;
  private long at = Long.MIN_VALUE / 2;
  private long leaderHighWatermark;

  /** The leader's message {@code seq}, carrying its high watermark, arrived at {@code now}. */
  void heard(long seq, long now, long leaderHighWatermark) {
    if (seq > this.seq) {
      this.seq = seq;
      this.at = now;
      this.leaderHighWatermark = Math.max(this.leaderHighWatermark, leaderHighWatermark);
    }
  }

  /** Whether a copy served through {@code servable} is within {@code bound} of the leader at {@code now}. */
  boolean within(Staleness bound, long now, long servable) {
    return now - at <= bound.maxTicks() && leaderHighWatermark - servable <= bound.maxOffsets();
  }

  /** How many offsets a copy served through {@code servable} is behind what the leader last said. */
  long lag(long servable) {
    return Math.max(0, leaderHighWatermark - servable);
  }

  /** Ticks since the leader was last heard, or -1 if it never was. */
  long sinceHeard(long now) {
    return at < 0 ? -1 : now - at;
  }
}
