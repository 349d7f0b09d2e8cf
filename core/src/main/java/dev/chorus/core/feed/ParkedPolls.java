package dev.chorus.core.feed;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * A store host's polls of its {@link ChangeFeed} that found nothing new yet and wait for the next
 * applied entry or their deadline, whichever comes first. Part of the hosting stack: every host
 * that serves a feed keeps one, on its actor. Not thread-safe.
 *
 * @param <A> the host's answer to a poll
 */
public final class ParkedPolls<A> {
  /** Answers a poll from {@code from}, for at most {@code max} changes. */
  @FunctionalInterface
  public interface Reader<A> {
    A read(long from, int max);
  }

  private record Poll<A>(long from, int max, long deadlineNanos, Consumer<A> reply) {}

  private final List<Poll<A>> parked = new ArrayList<>();

  /** Parks a poll from {@code from} until an entry at or past it is applied, or {@code deadlineNanos}. */
  public void park(long from, int max, long deadlineNanos, Consumer<A> reply) {
    parked.add(new Poll<>(from, max, deadlineNanos, reply));
  }

  /** Answers, through {@code reader}, every parked poll that {@code appliedIndex} now reaches. */
  public void wake(long appliedIndex, Reader<A> reader) {
    for (Iterator<Poll<A>> it = parked.iterator(); it.hasNext(); ) {
      Poll<A> p = it.next();
      if (p.from() <= appliedIndex) {
        it.remove();
        p.reply().accept(reader.read(p.from(), p.max()));
      }
    }
  }

  /** Answers every poll whose deadline has passed at {@code nowNanos} with nothing new. */
  public void expire(long nowNanos, Reader<A> nothingNew) {
    for (Iterator<Poll<A>> it = parked.iterator(); it.hasNext(); ) {
      Poll<A> p = it.next();
      if (nowNanos - p.deadlineNanos() >= 0) {
        it.remove();
        p.reply().accept(nothingNew.read(p.from(), p.max()));
      }
    }
  }

  /** How many polls wait. */
  public int size() {
    return parked.size();
  }
}
