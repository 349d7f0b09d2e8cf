package dev.chorus.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuorumTest {

  @Test
  void requiredCounts() {
    assertEquals(1, Quorum.ONE.required(5));
    assertEquals(1, Quorum.QUORUM.required(1));
    assertEquals(2, Quorum.QUORUM.required(2));
    assertEquals(2, Quorum.QUORUM.required(3));
    assertEquals(3, Quorum.QUORUM.required(4));
    assertEquals(3, Quorum.QUORUM.required(5));
    assertEquals(5, Quorum.ALL.required(5));
    assertEquals(3, Quorum.exactly(3).required(5));
    assertEquals(5, Quorum.exactly(5).required(5));
  }

  @Test
  void exactCountLargerThanReplicasRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Quorum.exactly(4).required(3));
    assertTrue(e.getMessage().contains("4") && e.getMessage().contains("3"), e.getMessage());
  }

  @Test
  void invalidCountsRejected() {
    assertThrows(IllegalArgumentException.class, () -> Quorum.exactly(0));
    assertThrows(IllegalArgumentException.class, () -> Quorum.ONE.required(0));
  }

  @Test
  void stringFormRoundTrips() {
    for (Quorum quorum : List.of(Quorum.ONE, Quorum.QUORUM, Quorum.ALL, Quorum.exactly(3))) {
      assertEquals(quorum, Quorum.parse(quorum.toString()));
    }
    assertEquals("quorum", Quorum.QUORUM.toString());
    assertEquals("3", Quorum.exactly(3).toString());
    assertSame(Quorum.ALL, Quorum.parse(" ALL "));
    assertEquals(Quorum.exactly(2147483647), Quorum.parse("2147483647"));
    assertNotEquals(Quorum.ONE, Quorum.exactly(1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "0", "-1", "majority", "2147483648", "99999999999", "1.5"})
  void badInputExplained(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Quorum.parse(text));
    assertTrue(e.getMessage().contains("'" + text + "'") && e.getMessage().contains("expected"),
        e.getMessage());
  }
}
