package dev.chorus.replication.leaderfollower.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.replication.leaderfollower.WriteMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** KIP-101's two failure scenarios, and the write-mode rules. */
class EpochLogTest {
  private static EpochLog log(long... epochs) {
    EpochLog log = new EpochLog();
    for (int i = 0; i < epochs.length; i++) {
      log.append(new LogRecord(epochs[i], i + 1, "w" + (i + 1), false));
    }
    return log;
  }

  @Test
  void aFollowerKeepsWhatTheNewLeaderHas() {
    // KIP-101 scenario 1: truncating to the high watermark on restart would drop offset 2,
    // which the new leader has; asking by epoch keeps it.
    EpochLog leader = log(1, 1);
    EpochLog follower = log(1, 1);
    leader.append(new LogRecord(2, 3, "w3", false));
    long cut = follower.divergenceAt(leader.endOf(follower.lastEpoch()));
    assertEquals(2, cut);
    assertTrue(follower.truncateAfter(cut).isEmpty());
  }

  @Test
  void aDivergentSuffixIsDroppedAndCounted() {
    // KIP-101 scenario 2: the old leader wrote offsets 3-4 in epoch 1 that no one else has; the
    // new leader (epoch 2) wrote its own offset 3. The old leader, now a follower, cuts back to 2.
    EpochLog newLeader = log(1, 1, 2);
    EpochLog oldLeader = log(1, 1, 1, 1);
    long cut = oldLeader.divergenceAt(newLeader.endOf(oldLeader.lastEpoch()));
    assertEquals(2, cut);
    List<LogRecord> dropped = oldLeader.truncateAfter(cut);
    assertEquals(List.of(3L, 4L), dropped.stream().map(LogRecord::offset).toList());
    oldLeader.append(newLeader.at(3));
    assertEquals(new EpochLog.EpochEnd(2, 3), oldLeader.endOf(2));
  }

  @Test
  void anOlderEpochUnknownToTheLeaderIsAskedAgain() {
    // KIP-279: the follower's last epoch (3) is one the leader never had; the leader answers for
    // its largest epoch below it, and the follower cuts to the end of that.
    EpochLog leader = log(1, 1, 2, 4);
    EpochLog follower = log(1, 1, 2, 3, 3);
    EpochLog.EpochEnd answer = leader.endOf(follower.lastEpoch());
    assertEquals(new EpochLog.EpochEnd(2, 3), answer);
    assertEquals(3, follower.divergenceAt(answer));
  }

  @Test
  void appendsMustFollowInOffsetAndEpoch() {
    EpochLog log = log(2, 2);
    assertThrows(IllegalArgumentException.class, () -> log.append(new LogRecord(1, 3, "x", false)));
    assertThrows(IllegalArgumentException.class, () -> log.append(new LogRecord(2, 5, "x", false)));
  }

  @Test
  void writeModesAndOverrides() {
    assertEquals(0, WriteMode.async().requiredFollowers(2));
    assertEquals(1, WriteMode.semiSync(1).requiredFollowers(2));
    assertEquals(2, WriteMode.sync().requiredFollowers(2));
    assertTrue(WriteMode.sync().allowsOverride(WriteMode.semiSync(1)));
    assertTrue(WriteMode.semiSync(2).allowsOverride(WriteMode.semiSync(1).downgrading()));
    assertFalse(WriteMode.semiSync(1).allowsOverride(WriteMode.sync()), "an override never strengthens");
    assertFalse(WriteMode.sync().downgrading().allowsOverride(WriteMode.sync()));
    assertEquals("SEMI_SYNC(1) downgrade", WriteMode.semiSync(1).downgrading().toString());
    assertThrows(IllegalArgumentException.class, () -> WriteMode.semiSync(0));
  }
}
