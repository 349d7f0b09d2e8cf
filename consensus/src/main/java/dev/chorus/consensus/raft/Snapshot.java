package dev.chorus.consensus.raft;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The state machine as of a log index (§7): it replaces every entry up to {@code index}.
 *
 * @param index the last entry the snapshot covers
 * @param term that entry's term, so the log after it can still be matched (§5.3)
 * @param voters the group's voters as of {@code index}
 * @param data the state machine's own encoding of its state
 */
public record Snapshot(long index, long term, Set<String> voters, Bytes data) {
  /** Validates; keeps the voters sorted so the text form is deterministic. */
  public Snapshot {
    if (index < 0 || term < 0) {
      throw new IllegalArgumentException("a snapshot's index and term are not negative");
    }
    voters = java.util.Collections.unmodifiableSet(new TreeSet<>(voters));
    Objects.requireNonNull(data, "data");
  }
}
