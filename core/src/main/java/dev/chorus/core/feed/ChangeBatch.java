package dev.chorus.core.feed;

import dev.chorus.core.Bytes;
import dev.chorus.core.spi.Codec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What one {@link ChangeFeed#poll} returned: the changes, in offset order, and where the next poll
 * starts. {@code next} may lie past the last change's offset, when the log held entries that are
 * no user command (a Raft leader's no-op, a membership change) or that the feed leaves out.
 *
 * @param changes the committed changes read, possibly none (nothing new within the wait)
 * @param next the offset to poll from next
 * @param <C> the store's commands
 */
public record ChangeBatch<C>(List<Change<C>> changes, long next) {
  /** Copies the list; requires {@code next} past every change. */
  public ChangeBatch {
    changes = List.copyOf(changes);
    if (!changes.isEmpty() && changes.get(changes.size() - 1).offset() >= next) {
      throw new IllegalArgumentException("the next offset " + next + " must lie past the last change "
          + changes.get(changes.size() - 1).offset());
    }
  }

  /** The batch of {@code changes} as the log holds them (the store's bytes), decoded by {@code commands}. */
  public static <C> ChangeBatch<C> decode(List<Change<Bytes>> changes, long next, Codec<C> commands) {
    List<Change<C>> decoded = new ArrayList<>(changes.size());
    for (Change<Bytes> c : changes) {
      decoded.add(new Change<>(c.offset(), commands.decode(c.command().toArray())));
    }
    return new ChangeBatch<>(decoded, next);
  }

  /**
   * This batch with every command mapped by {@code f}; a change whose command maps to null is left
   * out (its offset is still passed: {@code next} does not change).
   */
  public <D> ChangeBatch<D> map(Function<? super C, ? extends D> f) {
    List<Change<D>> mapped = new ArrayList<>(changes.size());
    for (Change<C> c : changes) {
      D d = f.apply(c.command());
      if (d != null) {
        mapped.add(new Change<>(c.offset(), d));
      }
    }
    return new ChangeBatch<>(mapped, next);
  }
}
