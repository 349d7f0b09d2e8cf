package dev.chorus.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionTokenTest {

  @Test
  void randomBytesRoundTripThroughUrlSafeString() {
    Random random = new Random(42);
    for (int length = 0; length < 200; length++) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      SessionToken token = SessionToken.of(bytes);
      String text = token.asString();
      assertTrue(text.matches("[A-Za-z0-9_-]*"), text);
      assertEquals(text, token.toString());
      SessionToken parsed = SessionToken.parse(text);
      assertEquals(token, parsed);
      assertEquals(token.hashCode(), parsed.hashCode());
      assertArrayEquals(bytes, parsed.bytes());
    }
  }

  @Test
  void emptyToken() {
    assertEquals("", SessionToken.empty().asString());
    assertEquals(SessionToken.empty(), SessionToken.parse(""));
    assertEquals(SessionToken.empty(), SessionToken.of(new byte[0]));
    assertTrue(SessionToken.empty().isEmpty());
  }

  @Test
  void bytesAreCopiedInAndOut() {
    byte[] bytes = {1, 2, 3};
    SessionToken token = SessionToken.of(bytes);
    bytes[0] = 9;
    token.bytes()[1] = 9;
    assertArrayEquals(new byte[] {1, 2, 3}, token.bytes());
    assertNotEquals(token, SessionToken.of(bytes));
  }

  @ParameterizedTest
  @ValueSource(strings = {"AQID=", "AQ+D", "AQ/D", "AQ D", "A", "AQIDB", "AR"})
  void malformedStringsRejectedWithReason(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SessionToken.parse(text));
    assertTrue(e.getMessage().startsWith("Malformed session token: "), e.getMessage());
  }

  @Test
  void messageNamesTheBadCharacter() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SessionToken.parse("AQ+D"));
    assertTrue(e.getMessage().contains("'+' at index 2"), e.getMessage());
  }
}
