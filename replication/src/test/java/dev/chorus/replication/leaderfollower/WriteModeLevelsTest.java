package dev.chorus.replication.leaderfollower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chorus.core.ConsistencyLevel;
import dev.chorus.core.ServedLevels;
import org.junit.jupiter.api.Test;

/** Which levels each write mode serves: strong only where a failover loses no acknowledged write. */
class WriteModeLevelsTest {
  private static final ServedLevels SESSION = ServedLevels.upTo(ConsistencyLevel.SESSION);

  @Test
  void strictModesThatLoseNothingServeEveryLevel() {
    assertEquals(ServedLevels.ALL, WriteMode.sync().servedLevels(3));
    assertEquals(ServedLevels.ALL, WriteMode.semiSync(1).servedLevels(3), "k = 1 >= 3/2 rounded down");
    assertEquals(ServedLevels.ALL, WriteMode.semiSync(2).servedLevels(5));
  }

  @Test
  void modesThatCanLoseAcknowledgedWritesStopAtSession() {
    assertEquals(SESSION, WriteMode.async().servedLevels(3));
    assertEquals(SESSION, WriteMode.semiSync(1).servedLevels(5), "k = 1 < 5/2 rounded down");
    assertEquals(SESSION, WriteMode.sync().downgrading().servedLevels(3));
    assertEquals(SESSION, WriteMode.semiSync(2).downgrading().servedLevels(5));
  }

  @Test
  void aSingleReplicaHasNoFailoverToLoseWritesIn() {
    assertEquals(ServedLevels.ALL, WriteMode.async().servedLevels(1));
    assertThrows(IllegalArgumentException.class, () -> WriteMode.async().servedLevels(0));
  }
}
