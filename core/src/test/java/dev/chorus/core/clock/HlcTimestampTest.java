package dev.chorus.core.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HlcTimestampTest {

  @Test
  void stringFormRoundTrips() {
    HlcTimestamp timestamp = new HlcTimestamp(1_700_000_000_000L, 3);
    assertEquals("1700000000000.3", timestamp.toString());
    assertEquals(timestamp, HlcTimestamp.parse("1700000000000.3"));
    HlcTimestamp extreme = new HlcTimestamp(Long.MAX_VALUE, Integer.MAX_VALUE);
    assertEquals(extreme, HlcTimestamp.parse(extreme.toString()));
  }

  @Test
  void orderedByPhysicalThenLogical() {
    HlcTimestamp a = new HlcTimestamp(5, 9);
    HlcTimestamp b = new HlcTimestamp(6, 0);
    HlcTimestamp c = new HlcTimestamp(6, 1);
    List<HlcTimestamp> sorted = new ArrayList<>(List.of(c, a, b));
    Collections.sort(sorted);
    assertEquals(List.of(a, b, c), sorted);
    assertTrue(b.isAfter(a));
    assertTrue(b.isBefore(c));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "12", "12.", ".3", "-1.0", "1.-1", "1.2.3", "a.b", "1 .2",
      "99999999999999999999.0", "1.2147483648"})
  void malformedStringsRejected(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HlcTimestamp.parse(text));
    assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
  }

  @Test
  void negativePartsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new HlcTimestamp(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> new HlcTimestamp(0, -1));
  }
}
