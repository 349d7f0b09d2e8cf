package dev.chorus.core.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HybridLogicalClockTest {
  private final AtomicLong physical = new AtomicLong(1_000_000);
  private final HybridLogicalClock clock =
      new HybridLogicalClock(physical::get, Duration.ofMillis(500));

  @Test
  void localEventsTakePhysicalTimeWithCounterZero() {
    assertEquals(new HlcTimestamp(1_000_000, 0), clock.now());
    physical.set(1_000_010);
    assertEquals(new HlcTimestamp(1_000_010, 0), clock.send());
  }

  @Test
  void staysMonotonicWhenPhysicalClockGoesBackwards() {
    HlcTimestamp previous = clock.now();
    for (int i = 0; i < 100; i++) {
      physical.addAndGet(i % 3 == 0 ? -250 : 7);
      HlcTimestamp next = i % 2 == 0 ? clock.now() : clock.send();
      assertTrue(next.isAfter(previous), next + " must be after " + previous);
      previous = next;
    }
  }

  @Test
  void stalledPhysicalClockIncrementsLogical() {
    HlcTimestamp first = clock.now();
    physical.addAndGet(-100);
    assertEquals(new HlcTimestamp(first.physicalMillis(), 1), clock.now());
    assertEquals(new HlcTimestamp(first.physicalMillis(), 2), clock.now());
  }

  @Test
  void logicalResetsToZeroWhenPhysicalClockAdvances() {
    clock.now();
    clock.now();
    assertEquals(2, clock.now().logical());
    physical.addAndGet(1);
    assertEquals(new HlcTimestamp(1_000_001, 0), clock.now());
  }

  @Test
  void receiveIsAfterLocalPreviousAndRemote() {
    HlcTimestamp local = clock.now();
    // Remote ahead of local, within max offset.
    HlcTimestamp remoteAhead = new HlcTimestamp(1_000_400, 7);
    HlcTimestamp afterAhead = clock.receive(remoteAhead);
    assertEquals(new HlcTimestamp(1_000_400, 8), afterAhead);
    assertTrue(afterAhead.isAfter(local));
    // Remote behind local.
    HlcTimestamp remoteBehind = new HlcTimestamp(999_000, 42);
    HlcTimestamp afterBehind = clock.receive(remoteBehind);
    assertEquals(new HlcTimestamp(1_000_400, 9), afterBehind);
    // Same physical part on both sides: max of the counters plus one.
    HlcTimestamp afterTie = clock.receive(new HlcTimestamp(1_000_400, 30));
    assertEquals(new HlcTimestamp(1_000_400, 31), afterTie);
    // Physical clock has passed both: counter resets.
    physical.set(1_000_500);
    assertEquals(new HlcTimestamp(1_000_500, 0), clock.receive(new HlcTimestamp(1_000_450, 3)));
  }

  @Test
  void receiveFromTooFarAheadThrowsAndLeavesClockUnchanged() {
    HlcTimestamp before = clock.now();
    HlcTimestamp remote = new HlcTimestamp(1_000_501, 0);
    ClockOffsetExceededException e =
        assertThrows(ClockOffsetExceededException.class, () -> clock.receive(remote));
    assertEquals(remote, e.remote());
    assertEquals(1_000_000, e.localPhysicalMillis());
    assertEquals(Duration.ofMillis(500), e.maxOffset());
    assertTrue(e.getMessage().contains("1000501.0"), e.getMessage());
    assertTrue(e.getMessage().contains("1000000"), e.getMessage());
    assertTrue(e.getMessage().contains("500 ms"), e.getMessage());
    assertEquals(before, clock.last());
    assertEquals(new HlcTimestamp(1_000_000, 1), clock.now());
  }

  @Test
  void receiveExactlyAtMaxOffsetIsAccepted() {
    assertEquals(new HlcTimestamp(1_000_500, 1), clock.receive(new HlcTimestamp(1_000_500, 0)));
  }

  @Test
  void counterOverflowIsRefusedAndLeavesClockUnchanged() {
    HlcTimestamp exhausted = new HlcTimestamp(1_000_000, Integer.MAX_VALUE);
    HlcCounterOverflowException e =
        assertThrows(HlcCounterOverflowException.class, () -> clock.receive(exhausted));
    assertEquals(exhausted, e.exhaustedAt());
    assertEquals(HlcTimestamp.ZERO, clock.last());
    physical.incrementAndGet();
    assertEquals(new HlcTimestamp(1_000_001, 0), clock.receive(exhausted));
  }

  @Test
  void negativeMaxOffsetRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> new HybridLogicalClock(physical::get, Duration.ofMillis(-1)));
  }

  @Test
  void skewableClockAddsOffset() {
    SkewableClock skewed = new SkewableClock(physical::get);
    assertEquals(Duration.ZERO, skewed.offset());
    assertEquals(1_000_000, skewed.currentTimeMillis());
    skewed.setOffset(Duration.ofSeconds(-2));
    assertEquals(Duration.ofSeconds(-2), skewed.offset());
    assertEquals(998_000, skewed.currentTimeMillis());
  }
}
