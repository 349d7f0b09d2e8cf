package dev.chorus.testkit.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class HintedRetryTest {
  /** A failure that names the member to try. */
  private static final class Hint extends RuntimeException {
    final int member;

    Hint(int member) {
      super("try " + member);
      this.member = member;
    }
  }

  private static OptionalInt hint(Throwable f) {
    return f instanceof Hint h ? OptionalInt.of(h.member) : OptionalInt.empty();
  }

  @Test
  void followsTheHintThenTheNextMemberUntilOneSucceeds() throws InterruptedException {
    List<Integer> tried = new ArrayList<>();
    HintedRetry.Outcome o = HintedRetry.untilDone(4, 0, m -> {
      tried.add(m);
      return switch (m) {
        case 0 -> CompletableFuture.failedFuture(new Hint(2));
        case 2 -> CompletableFuture.failedFuture(new IllegalStateException("no leader"));
        case 3 -> CompletableFuture.completedFuture("ok");
        default -> CompletableFuture.failedFuture(new AssertionError("member " + m + " was not to be tried"));
      };
    }, HintedRetryTest::hint, Duration.ofSeconds(10));
    assertTrue(o.done());
    assertEquals(3, o.member());
    assertEquals(List.of(0, 2, 3), tried);
    assertEquals(2, o.failures().size(), o.failures().toString());
  }

  @Test
  void aHintOutsideTheMembersMeansTheNextOne() throws InterruptedException {
    HintedRetry.Outcome o = HintedRetry.untilDone(2, 0,
        m -> m == 0 ? CompletableFuture.failedFuture(new Hint(7)) : CompletableFuture.completedFuture("ok"),
        HintedRetryTest::hint, Duration.ofSeconds(10));
    assertTrue(o.done());
    assertEquals(1, o.member());
  }

  @Test
  void givesUpOnceTheBoundHasPassedAndCountsEachFailure() throws InterruptedException {
    HintedRetry.Outcome o = HintedRetry.untilDone(2, 0,
        m -> CompletableFuture.failedFuture(new IllegalStateException("down")), HintedRetryTest::hint,
        Duration.ofMillis(200));
    assertFalse(o.done());
    assertEquals(1, o.failures().size());
    assertTrue(o.failures().values().iterator().next() >= 2, o.failures().toString());
  }
}
