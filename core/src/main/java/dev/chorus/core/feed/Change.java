package dev.chorus.core.feed;

import java.util.Objects;

/**
 * One committed entry of a store's log, as its {@link ChangeFeed} delivers it.
 *
 * @param offset the entry's position in the log (its index): strictly increasing along a feed,
 *     and the same on every member for the same entry; resume after it with {@code offset + 1}
 * @param command the store's command at that position
 * @param <C> the store's commands
 */
public record Change<C>(long offset, C command) {
  /** Requires a positive offset and a command. */
  public Change {
    if (offset < 1) {
      throw new IllegalArgumentException("an offset is a log index, 1 or more, got " + offset);
    }
    Objects.requireNonNull(command, "command");
  }
}
