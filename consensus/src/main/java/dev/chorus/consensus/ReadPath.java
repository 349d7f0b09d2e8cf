package dev.chorus.consensus;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.chorus.core.ConsistencyLevel;

/**
 * How a Raft group serves a read (Ongaro's thesis §6.4), and the {@linkplain ConsistencyLevel
 * consistency level} each way keeps. A read names the level it needs ({@link
 * RaftGroup#query(Object, ConsistencyLevel)}); the group picks the path, or the caller names one
 * that keeps that level ({@link RaftGroup#query(Object, ConsistencyLevel, ReadPath)}).
 *
 * <p>The Jackson names are the first version's ({@code LINEARIZABLE}, {@code STALE}), so that a
 * node of that version still understands a query forwarded by this one.
 */
public enum ReadPath {
  /**
   * ReadIndex (thesis §6.4): the leader records its commit index, confirms with a heartbeat round
   * to a majority that it still leads, waits until it has applied that index, then answers from
   * its state machine. {@code STRONG}. Costs one round trip; only the leader serves it ({@link
   * NotLeader} elsewhere).
   */
  @JsonProperty("LINEARIZABLE")
  READ_INDEX(ConsistencyLevel.STRONG),
  /**
   * A lease read (thesis §6.4.1): the leader answers at once while a majority has acknowledged it
   * within the election timeout less the configured lease margin; else it falls back to
   * ReadIndex. {@code STRONG} under the clock-rate assumption: no member's ticks run faster than
   * another's by more than the lease margin over an election timeout (docs/raft-groups.md,
   * "Lease reads"). Only the leader serves it.
   */
  @JsonProperty("LEASE")
  LEASE(ConsistencyLevel.STRONG),
  /**
   * A follower read (thesis §6.4): any member asks the leader for its read index, waits until it
   * has applied that far, then answers from its own state machine. {@code STRONG}. Spreads query
   * load; costs a round trip to the leader.
   */
  @JsonProperty("FOLLOWER")
  FOLLOWER(ConsistencyLevel.STRONG),
  /**
   * The local state machine as it is, with no check: may miss commands that completed elsewhere,
   * and may go backwards between members. A member applies the committed log in order, so every
   * such read sees a prefix of it: {@code CONSISTENT_PREFIX}. Never fails for want of a leader.
   */
  @JsonProperty("STALE")
  LOCAL(ConsistencyLevel.CONSISTENT_PREFIX);

  private final ConsistencyLevel level;

  ReadPath(ConsistencyLevel level) {
    this.level = level;
  }

  /** The strongest level this path keeps. */
  public ConsistencyLevel level() {
    return level;
  }

  /**
   * The path that serves {@code level}: the local state machine for {@code CONSISTENT_PREFIX} and
   * {@code EVENTUAL}, {@code strong} (ReadIndex, or the lease if the group is so configured) for
   * every level above them.
   */
  static ReadPath serving(ConsistencyLevel level, ReadPath strong) {
    return level.isWeakerOrEqualTo(LOCAL.level) ? LOCAL : strong;
  }

  /**
   * Checks that this path keeps {@code level}.
   *
   * @throws IllegalArgumentException naming both if it does not
   */
  void requireKeeps(ConsistencyLevel level) {
    if (!level.isWeakerOrEqualTo(this.level)) {
      throw new IllegalArgumentException("The read path " + this + " keeps " + this.level
          + ", below the requested " + level + "; use " + READ_INDEX + ", " + LEASE + " or "
          + FOLLOWER + ", or no path to let the group choose");
    }
  }
}
