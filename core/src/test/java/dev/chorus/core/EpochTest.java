package dev.chorus.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EpochTest {

  @Test
  void negativeRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Epoch(-1));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Epoch.of(-5));
  }

  @Test
  void nextIsNewer() {
    Epoch one = Epoch.ZERO.next();
    assertEquals(new Epoch(1), one);
    assertTrue(one.isNewerThan(Epoch.ZERO));
    assertTrue(Epoch.ZERO.isOlderThan(one));
    assertFalse(one.isOlderThan(one));
    assertFalse(one.isNewerThan(one));
    assertTrue(one.compareTo(Epoch.ZERO) > 0);
    assertEquals(0, one.compareTo(Epoch.of(1)));
    assertThrows(IllegalStateException.class, () -> Epoch.of(Long.MAX_VALUE).next());
  }
}
