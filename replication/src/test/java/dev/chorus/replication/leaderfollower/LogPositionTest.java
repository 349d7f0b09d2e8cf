package dev.chorus.replication.leaderfollower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.core.SessionToken;
import org.junit.jupiter.api.Test;

/** A session token carries a log position across processes, as a string. */
class LogPositionTest {
  @Test
  void aPositionSurvivesItsTokensStringForm() {
    LogPosition p = new LogPosition(7, 1234);
    assertEquals(p, LogPosition.of(SessionToken.parse(p.toToken().asString())));
    assertEquals(LogPosition.START, LogPosition.of(SessionToken.empty()));
    assertEquals("", LogPosition.START.toToken().asString());
  }

  @Test
  void aForeignTokenOrAnImpossiblePositionIsRefusedWithAReason() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LogPosition.of(SessionToken.of(new byte[] {1, 2, 3})));
    assertTrue(e.getMessage().contains("not a leader-follower session token"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new LogPosition(0, 5));
    assertThrows(IllegalArgumentException.class, () -> new LogPosition(-1, 1));
  }
}
