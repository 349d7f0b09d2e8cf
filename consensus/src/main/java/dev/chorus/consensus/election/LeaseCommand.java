package dev.chorus.consensus.election;

import dev.chorus.consensus.LeaderTime;
import java.util.Objects;

/**
 * A command of the lease table, put in a Raft log. Each carries the {@link LeaderTime} of the
 * leader that appended it, which the leader's host writes in (the submitter's is overwritten):
 * leases expire by that time, read from the log, so every node agrees on who holds a lease at
 * each index, and no node's wall clock plays a part.
 */
public sealed interface LeaseCommand {
  /** The lease's name. */
  String name();

  /** Who asks. */
  String holder();

  /** When the leader appended this entry. */
  LeaderTime at();

  /** This command with {@code at} as its time. */
  LeaseCommand at(LeaderTime at);

  /** Take the lease if it is free or expired (or renew it if {@code holder} already has it). */
  record Acquire(String name, String holder, long ttlMillis, LeaderTime at) implements LeaseCommand {
    /** A request for the leader to stamp. */
    public Acquire(String name, String holder, long ttlMillis) {
      this(name, holder, ttlMillis, LeaderTime.UNSTAMPED);
    }

    /** Validates. */
    public Acquire {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(holder, "holder");
      Objects.requireNonNull(at, "at");
      if (ttlMillis <= 0) {
        throw new IllegalArgumentException("a lease's time-to-live must be positive, got " + ttlMillis);
      }
    }

    @Override
    public Acquire at(LeaderTime time) {
      return new Acquire(name, holder, ttlMillis, time);
    }
  }

  /** Give the lease up. */
  record Release(String name, String holder, LeaderTime at) implements LeaseCommand {
    /** A request for the leader to stamp. */
    public Release(String name, String holder) {
      this(name, holder, LeaderTime.UNSTAMPED);
    }

    /** Validates. */
    public Release {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(holder, "holder");
      Objects.requireNonNull(at, "at");
    }

    @Override
    public Release at(LeaderTime time) {
      return new Release(name, holder, time);
    }
  }
}
