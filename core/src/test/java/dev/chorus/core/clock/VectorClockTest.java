package dev.chorus.core.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chorus.core.clock.VectorClock.Order;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VectorClockTest {
  private static final VectorClock A1 = VectorClock.empty().increment("a");
  private static final VectorClock A1B1 = A1.increment("b");
  private static final VectorClock A2 = A1.increment("a");

  @Test
  void incrementAndGet() {
    assertEquals(0, VectorClock.empty().get("a"));
    assertEquals(2, A2.get("a"));
    assertEquals(0, A2.get("b"));
    VectorClock before = VectorClock.of(Map.of("a", 1L));
    before.increment("a");
    assertEquals(1, before.get("a"), "increment must not mutate");
  }

  @Test
  void allFourOrders() {
    assertEquals(Order.BEFORE, A1.compare(A1B1));
    assertEquals(Order.AFTER, A1B1.compare(A1));
    assertEquals(Order.EQUAL, A1B1.compare(VectorClock.of(Map.of("a", 1L, "b", 1L))));
    assertEquals(Order.CONCURRENT, A2.compare(A1B1));
    assertEquals(Order.CONCURRENT, A1B1.compare(A2));
    assertEquals(Order.BEFORE, VectorClock.empty().compare(A1));
    assertEquals(Order.EQUAL, VectorClock.empty().compare(VectorClock.empty()));
  }

  @Test
  void mergeIsPointwiseMaxCommutativeAndIdempotent() {
    VectorClock left = VectorClock.of(Map.of("a", 3L, "b", 1L));
    VectorClock right = VectorClock.of(Map.of("b", 4L, "c", 2L));
    VectorClock merged = left.merge(right);
    assertEquals(VectorClock.of(Map.of("a", 3L, "b", 4L, "c", 2L)), merged);
    assertEquals(merged, right.merge(left));
    assertEquals(merged, merged.merge(merged));
    assertEquals(merged, merged.merge(left));
    assertEquals(Order.AFTER, merged.compare(left));
    assertEquals(Order.AFTER, merged.compare(right));
  }

  @Test
  void missingEntriesEqualZero() {
    VectorClock withZero = VectorClock.of(Map.of("a", 1L, "b", 0L));
    assertEquals(A1, withZero);
    assertEquals(A1.hashCode(), withZero.hashCode());
    assertEquals(Order.EQUAL, A1.compare(withZero));
    assertEquals(VectorClock.empty(), VectorClock.of(Map.of("x", 0L)));
    assertNotEquals(A1, A2);
    assertEquals("{a=1, b=1}", A1B1.toString());
  }

  @Test
  void badEntriesRejected() {
    assertThrows(IllegalArgumentException.class, () -> VectorClock.of(Map.of("a", -1L)));
    assertThrows(IllegalArgumentException.class, () -> VectorClock.empty().increment(""));
    assertThrows(NullPointerException.class, () -> VectorClock.empty().increment(null));
  }
}
