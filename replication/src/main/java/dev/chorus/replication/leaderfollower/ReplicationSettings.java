package dev.chorus.replication.leaderfollower;

/**
 * A store's settings, in ticks.
 *
 * @param mode the store's write mode; a write may ask for a weaker one
 * @param inSyncTicks a follower heard from within this many ticks counts as in sync
 * @param ackTimeoutTicks how long a write waits for its followers: then a downgrade mode
 *     acknowledges it as async, and a strict mode answers that its outcome is unknown
 * @param maxBatch the most records in one Replicate message
 */
public record ReplicationSettings(WriteMode mode, int inSyncTicks, int ackTimeoutTicks, int maxBatch) {
  /** Validates. */
  public ReplicationSettings {
    if (inSyncTicks < 1 || ackTimeoutTicks < 1 || maxBatch < 1) {
      throw new IllegalArgumentException("inSyncTicks, ackTimeoutTicks and maxBatch must be positive");
    }
  }
}
