package dev.chorus.testkit.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The bounded wait: a value once it comes, a failure that names what never came. */
class AwaitTest {
  private static final Duration HANG = Duration.ofSeconds(10);

  @Test
  void theValueComesOnceTheConditionHolds() throws Exception {
    AtomicInteger looks = new AtomicInteger();
    assertEquals("third", Await.value("the third look", HANG,
        () -> looks.incrementAndGet() == 3 ? Optional.of("third") : Optional.empty()));
    Await.until("a fourth look", HANG, () -> looks.incrementAndGet() == 4, () -> "look " + looks.get());
  }

  @Test
  void aWaitInVainNamesWhatItWaitedForAndWhatItSaw() {
    AssertionError e = assertThrows(AssertionError.class, () -> Await.value("a leader of kv",
        Duration.ofMillis(50), Optional::empty, () -> "n1 follows, n2 follows"));
    assertTrue(e.getMessage().contains("for a leader of kv"), e.getMessage());
    assertTrue(e.getMessage().endsWith("last seen: n1 follows, n2 follows"), e.getMessage());
  }

  @Test
  void aLookThatThrowsEndsTheWait() {
    IOException refused = new IOException("refused");
    assertSame(refused, assertThrows(IOException.class, () -> Await.until("a port", HANG, () -> {
      throw refused;
    })));
  }
}
