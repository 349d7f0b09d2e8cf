package dev.chorus.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLogger;

class UndecodableMessagesTest {
  private final UndecodableMessages undecodable = new UndecodableMessages(NOPLogger.NOP_LOGGER, "test");

  @Test
  void theFirstOfEachTypeIsLoggedAndEveryOneCounted() {
    assertTrue(undecodable.report(failure("v9", "unknown version")));
    assertFalse(undecodable.report(failure("v9", "unknown version")), "the same type again is only counted");
    assertTrue(undecodable.report(failure("v1", "cut short")));
    assertFalse(undecodable.report(failure("v1", "trailing bytes")));
    assertEquals(4, undecodable.dropped());
    assertEquals(2, undecodable.typesLogged());
  }

  @Test
  void typesFromTheWireCannotGrowTheSetWithoutBound() {
    for (int i = 0; i < UndecodableMessages.MAX_TYPES; i++) {
      assertTrue(undecodable.report(failure("garbage-" + i, "unknown")));
    }
    assertFalse(undecodable.report(failure("one-more", "unknown")));
    assertEquals(UndecodableMessages.MAX_TYPES, undecodable.typesLogged());
    assertEquals(UndecodableMessages.MAX_TYPES + 1, undecodable.dropped());
  }

  @Test
  void theExceptionNamesWhatAndItsType() {
    assertEquals("undecodable test message (type 'v9'): unknown version",
        failure("v9", "unknown version").getMessage());
  }

  private static UndecodableMessageException failure(String type, String reason) {
    return new UndecodableMessageException("test message", type, reason, null);
  }
}
