package dev.chorus.consensus.election;

import java.util.Objects;

/**
 * A command of the lease table, put in a Raft log. Each carries the leader's clock reading when
 * proposed: leases expire by that time, read from the log, so every node agrees on who holds a
 * lease at each index.
 */
public sealed interface LeaseCommand {
  /** The lease's name. */
  String name();

  /** Who asks. */
  String holder();

  /** The leader's clock when it proposed this entry, milliseconds. */
  long leaderMillis();

  /** Take the lease if it is free or expired (or renew it if {@code holder} already has it). */
  record Acquire(String name, String holder, long ttlMillis, long leaderMillis) implements LeaseCommand {
    /** Validates. */
    public Acquire {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(holder, "holder");
      if (ttlMillis <= 0) {
        throw new IllegalArgumentException("a lease's time-to-live must be positive, got " + ttlMillis);
      }
    }
  }

  /** Give the lease up. */
  record Release(String name, String holder, long leaderMillis) implements LeaseCommand {}
}
