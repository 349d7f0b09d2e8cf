package dev.chorus.consensus.raft;

import dev.chorus.consensus.Membership;
import dev.chorus.core.Bytes;
import java.util.Objects;

/**
 * The state machine as of a log index (§7): it replaces every entry up to {@code index}.
 *
 * @param index the last entry the snapshot covers
 * @param term that entry's term, so the log after it can still be matched (§5.3)
 * @param config the group's configuration as of {@code index}
 * @param data the state machine's own encoding of its state
 */
public record Snapshot(long index, long term, Membership config, Bytes data) {
  /** Validates. */
  public Snapshot {
    if (index < 0 || term < 0) {
      throw new IllegalArgumentException("a snapshot's index and term are not negative");
    }
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(data, "data");
  }
}
