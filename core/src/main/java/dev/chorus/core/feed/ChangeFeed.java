package dev.chorus.core.feed;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A store's committed writes, in log order, from any offset still held, then as they commit: the
 * SPI every store provides (a Raft group, the Raft key-value store, the leader-follower store) and
 * that the transactional outbox, cache invalidation and cross-region replication consume.
 *
 * <p>Contract:
 * <ul>
 *   <li><b>Committed only, in order.</b> A change is delivered once its entry is applied on the
 *       member the feed reads; offsets strictly increase, and the same offset names the same
 *       entry on every member of a Raft group. What a leader-follower store's feed delivers in a
 *       mode that may lose acknowledged writes at failover is what that mode may lose
 *       (docs/architecture.md, "The change feed").
 *   <li><b>Resumable.</b> The consumer keeps the offset of the last change it processed and, after
 *       its own restart or the store's, polls or follows from the next one. An offset compacted
 *       away fails with {@link OffsetCompactedException} naming the first one still held.
 *   <li><b>Back-pressured.</b> Nothing is pushed: {@link #poll} reads one bounded batch, and
 *       {@link #follow} polls again only when its downstream asks for more.
 *   <li><b>At least once per entry.</b> A command a client retried outside a session is two
 *       entries, and appears twice.
 * </ul>
 *
 * @param <C> the store's commands
 */
public interface ChangeFeed<C> {
  /** How many changes {@link #follow} reads per poll. */
  int FOLLOW_BATCH = 256;

  /**
   * How long {@link #follow} lets one poll wait for a new change, at most: a store whose request
   * timeout is shorter waits half of that instead ({@link #followWait}).
   */
  Duration FOLLOW_WAIT = Duration.ofSeconds(1);

  /**
   * Up to {@code max} committed changes from {@code from} on; if none has committed yet, waits up to
   * {@code wait} for one, then completes with an empty batch. Fails with {@link
   * OffsetCompactedException} for a compacted offset, and as the store's requests fail when the
   * member is stopped.
   *
   * @param from 1 for the whole log, or one past the last change processed
   * @param max at least 1
   * @param wait at most the store's request timeout
   */
  CompletionStage<ChangeBatch<C>> poll(long from, int max, Duration wait);

  /**
   * Checks a poll's arguments as every store does.
   *
   * @throws IllegalArgumentException if {@code from} or {@code max} is below 1, or {@code wait} is
   *     negative or not shorter than {@code requestTimeout}
   */
  static void checkPoll(long from, int max, Duration wait, Duration requestTimeout) {
    if (from < 1 || max < 1 || wait.isNegative() || wait.compareTo(requestTimeout) >= 0) {
      throw new IllegalArgumentException("a poll reads from offset 1 or more, at least 1 change, waiting less than the "
          + "request timeout " + requestTimeout + "; got from " + from + ", max " + max + ", wait " + wait);
    }
  }

  /**
   * How long one of {@link #follow}'s polls waits: {@link #FOLLOW_WAIT}, or half of
   * {@code requestTimeout} when that is shorter, so that a store configured with a request timeout
   * of a second or less can still be followed (a poll must wait less than the request timeout).
   */
  static Duration followWait(Duration requestTimeout) {
    Duration half = requestTimeout.dividedBy(2);
    return half.compareTo(FOLLOW_WAIT) < 0 ? half : FOLLOW_WAIT;
  }

  /** How long {@link #follow}'s polls wait: {@link #FOLLOW_WAIT} unless the store says less. */
  default Duration followWait() {
    return FOLLOW_WAIT;
  }

  /**
   * Every committed change from {@code from} on, as a stream that polls only when its downstream
   * demands, and never completes by itself. It fails with the first failed poll: restart it from
   * one past the last change processed (for example with Pekko's {@code RestartSource}).
   */
  default Source<Change<C>, NotUsed> follow(long from) {
    if (from < 1) {
      throw new IllegalArgumentException("an offset is a log index, 1 or more, got " + from);
    }
    Duration wait = followWait();
    return Source.unfoldAsync(from, next -> poll(next, FOLLOW_BATCH, wait)
            .thenApply(batch -> Optional.of(Pair.create(batch.next(), batch.changes()))))
        .mapConcat(changes -> changes);
  }
}
