package dev.chorus.core.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The clock-rate fault's clock: continuous and monotonic across rate changes. */
class RateClockTest {
  @Test
  void aRateScalesElapsedTimeFromTheMomentItIsSet() {
    AtomicLong source = new AtomicLong(1_000);
    RateClock clock = new RateClock(source::get);
    long start = clock.nanoTime();
    source.addAndGet(100);
    assertEquals(start + 100, clock.nanoTime());
    clock.setRate(2);
    source.addAndGet(100);
    assertEquals(start + 300, clock.nanoTime(), "twice as fast after the change, not before");
    clock.setRate(0.5);
    source.addAndGet(100);
    assertEquals(start + 350, clock.nanoTime());
    clock.setRate(1);
    assertEquals(start + 350, clock.nanoTime(), "no jump at a change");
    assertEquals(1.0, clock.rate());
  }

  @Test
  void advancingJumpsAheadOnceAndKeepsTheRate() {
    AtomicLong source = new AtomicLong(1_000);
    RateClock clock = new RateClock(source::get);
    long start = clock.nanoTime();
    clock.setRate(2);
    clock.advance(Duration.ofNanos(500));
    assertEquals(start + 500, clock.nanoTime());
    source.addAndGet(100);
    assertEquals(start + 700, clock.nanoTime(), "still twice as fast after the jump");
    assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofNanos(-1)));
    assertEquals(start + 700, clock.nanoTime(), "a refused jump changes nothing");
  }

  @Test
  void aRateOutsideItsRangeIsRefused() {
    RateClock clock = new RateClock(MonotonicClock.system());
    assertThrows(IllegalArgumentException.class, () -> clock.setRate(0));
    assertThrows(IllegalArgumentException.class, () -> clock.setRate(-1));
    assertThrows(IllegalArgumentException.class, () -> clock.setRate(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> clock.setRate(101));
  }
}
