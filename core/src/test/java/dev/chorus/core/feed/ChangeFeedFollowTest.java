package dev.chorus.core.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ChangeFeed#follow} over a feed of 1..{@value #LOG} (even offsets are no commands, as a
 * Raft no-op is none): in order, resumable, and polling only on demand.
 */
class ChangeFeedFollowTest {
  private static final int LOG = 20;
  private static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("feed");
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  /** Odd offsets hold "c<offset>"; polls count. Offsets below {@code firstHeld} are compacted. */
  private static final class Log implements ChangeFeed<String> {
    final AtomicInteger polls = new AtomicInteger();
    final long firstHeld;

    Log(long firstHeld) {
      this.firstHeld = firstHeld;
    }

    @Override
    public CompletionStage<ChangeBatch<String>> poll(long from, int max, Duration wait) {
      polls.incrementAndGet();
      if (from < firstHeld) {
        return CompletableFuture.failedFuture(new OffsetCompactedException("log", from, firstHeld));
      }
      List<Change<String>> out = new ArrayList<>();
      long i = from;
      for (; i <= LOG && i < from + Math.min(max, 3); i++) {
        if (i % 2 == 1) {
          out.add(new Change<>(i, "c" + i));
        }
      }
      return CompletableFuture.completedFuture(new ChangeBatch<>(out, i));
    }
  }

  @Test
  void followDeliversEveryCommandInOrderFromTheOffset() throws Exception {
    List<Change<String>> all = new Log(1).follow(1).take(LOG / 2).runWith(Sink.seq(), system)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(LOG / 2, all.size());
    for (int k = 0; k < all.size(); k++) {
      assertEquals(new Change<>(2L * k + 1, "c" + (2 * k + 1)), all.get(k));
    }
    List<Change<String>> resumed = new Log(1).follow(8).take(2).runWith(Sink.seq(), system)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(List.of(new Change<>(9L, "c9"), new Change<>(11L, "c11")), resumed);
  }

  @Test
  void followPollsOnlyWhenItsDownstreamAsks() throws Exception {
    Log log = new Log(1);
    // A queue that pulls one element at a time: the stream may hold one batch, never run ahead.
    SinkQueueWithCancel<Change<String>> queue = log.follow(1)
        .runWith(Sink.<Change<String>>queue().withAttributes(Attributes.inputBuffer(1, 1)), system);
    assertEquals(new Change<>(1L, "c1"), queue.pull().toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow());
    // Not running ahead is a negative that no event marks, and no probe watches this queue (there
    // is no stream testkit here): the stream gets a short, bounded while in which to poll ahead.
    Thread.sleep(200);
    int afterOne = log.polls.get();
    assertTrue(afterOne <= 2, "one element asked for, " + afterOne + " polls");
    queue.cancel();
  }

  @Test
  void aCompactedOffsetFailsTheStreamNamingTheFirstHeld() {
    ExecutionException failed = assertThrows(ExecutionException.class, () -> new Log(5).follow(2)
        .runWith(Sink.seq(), system).toCompletableFuture().get(10, TimeUnit.SECONDS));
    OffsetCompactedException e = assertInstanceOf(OffsetCompactedException.class, failed.getCause());
    assertEquals(List.of(2L, 5L), List.of(e.requested(), e.firstAvailable()));
    assertThrows(IllegalArgumentException.class, () -> new Log(1).follow(0));
  }

  @Test
  void aBatchMapsAndLeavesOutCommandsButKeepsItsNextOffset() {
    ChangeBatch<String> batch = new ChangeBatch<>(List.of(new Change<>(1, "a"), new Change<>(2, "skip")), 4);
    assertEquals(new ChangeBatch<>(List.of(new Change<>(1, "A")), 4), batch.map(c -> c.equals("skip") ? null : "A"));
    assertThrows(IllegalArgumentException.class, () -> new ChangeBatch<>(List.of(new Change<>(3, "a")), 3));
    assertThrows(IllegalArgumentException.class, () -> new Change<>(0, "a"));
  }

  @Test
  void aStoreWithAShortRequestTimeoutIsFollowedWithPollsThatWaitLess() throws Exception {
    Duration timeout = Duration.ofMillis(400);
    assertEquals(Duration.ofMillis(200), ChangeFeed.followWait(timeout));
    assertEquals(ChangeFeed.FOLLOW_WAIT, ChangeFeed.followWait(Duration.ofSeconds(5)));
    // A store that checks its polls as every store does, with a request timeout under a second.
    ChangeFeed<String> strict = new ChangeFeed<>() {
      private final Log log = new Log(1);

      @Override
      public CompletionStage<ChangeBatch<String>> poll(long from, int max, Duration wait) {
        ChangeFeed.checkPoll(from, max, wait, timeout);
        return log.poll(from, max, wait);
      }

      @Override
      public Duration followWait() {
        return ChangeFeed.followWait(timeout);
      }
    };
    List<Change<String>> two = strict.follow(1).take(2).runWith(Sink.seq(), system)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(List.of(new Change<>(1L, "c1"), new Change<>(3L, "c3")), two);
  }
}
