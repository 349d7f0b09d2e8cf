package dev.chorus.replication.leaderfollower;

/**
 * A store's settings, in ticks.
 *
 * @param mode the store's write mode; a write may ask for a weaker one
 * @param inSyncTicks a follower heard from within this many ticks counts as in sync
 * @param ackTimeoutTicks how long a write waits for its followers: then a downgrade mode
 *     acknowledges it as async, and a strict mode answers that its outcome is unknown
 * @param maxBatch the most records in one Replicate or Records message
 * @param electionTicks a replica that hears nothing from a leader for this many ticks (plus a few
 *     more per position among the replicas, so that they do not all ask at once) asks for the lease
 * @param leaseTicks the lease's time to live, as asked of {@code LeaderElection}
 * @param leaseMarginTicks how much sooner than the time to live, counted from when it asked, the
 *     holder stops acting on a lease: the allowance for clocks running at different rates
 */
public record ReplicationSettings(WriteMode mode, int inSyncTicks, int ackTimeoutTicks, int maxBatch,
    int electionTicks, int leaseTicks, int leaseMarginTicks) {
  /** Validates. */
  public ReplicationSettings {
    if (inSyncTicks < 1 || ackTimeoutTicks < 1 || maxBatch < 1 || electionTicks < 1) {
      throw new IllegalArgumentException("inSyncTicks, ackTimeoutTicks, maxBatch and electionTicks must be positive");
    }
    if (leaseTicks < 3 || leaseMarginTicks < 0 || leaseMarginTicks >= leaseTicks / 3 * 2) {
      throw new IllegalArgumentException("need leaseTicks >= 3 and 0 <= leaseMarginTicks < 2/3 of it, got "
          + leaseTicks + " and " + leaseMarginTicks);
    }
  }

  /** The given mode and timings, with elections after 10 ticks and leases of 10 ticks less 3. */
  public ReplicationSettings(WriteMode mode, int inSyncTicks, int ackTimeoutTicks, int maxBatch) {
    this(mode, inSyncTicks, ackTimeoutTicks, maxBatch, 10, 10, 3);
  }

  /** How often a holder renews its lease: three times per time to live. */
  public int renewTicks() {
    return Math.max(1, leaseTicks / 3);
  }
}
