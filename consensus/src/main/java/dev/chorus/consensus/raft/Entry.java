package dev.chorus.consensus.raft;

import java.util.Objects;

/**
 * One log entry (Raft §5.3): the term in which a leader created it, its position, and the
 * command. A new leader's first entry is {@link #NOOP}, which lets it commit entries of earlier
 * terms (§5.4.2, §8).
 *
 * @param index the entry's position, from 1
 * @param term the leader's term when it was created
 * @param command the user's command, an immutable value; {@link #NOOP} for the leader's no-op
 */
public record Entry(long index, long term, Object command) {
  /** The command of a new leader's first entry. */
  public static final Object NOOP = Noop.INSTANCE;

  private enum Noop {
    INSTANCE;

    @Override
    public String toString() {
      return "noop";
    }
  }

  /** Validates. */
  public Entry {
    if (index < 1 || term < 1) {
      throw new IllegalArgumentException("index and term start at 1, got " + index + "/" + term);
    }
    Objects.requireNonNull(command, "command");
  }

  /** Whether this is a leader's no-op rather than a user command. */
  public boolean isNoop() {
    return command == NOOP;
  }
}
