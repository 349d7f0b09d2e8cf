package dev.chorus.replication.leaderfollower.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.replication.leaderfollower.ReplicaRole;
import dev.chorus.replication.leaderfollower.ReplicationSettings;
import dev.chorus.replication.leaderfollower.RequestOutcome;
import dev.chorus.replication.leaderfollower.WriteMode;
import org.junit.jupiter.api.Test;

/** Each write mode's promise on failover, the epoch fence, and strict versus downgrade. */
class ReplicaCoreTest {
  private static ReplicationSettings store(WriteMode mode) {
    return new ReplicationSettings(mode, 5, 10, 64);
  }

  private static Replicas threeLedByN1(WriteMode mode) {
    return Replicas.threeLedByN1(store(mode));
  }

  /**
   * n1 acknowledges the async w1 and is killed before any follower has it; n2 leads epoch 2 and
   * takes w2; n1 restarts and follows n2, cutting w1 back.
   */
  private static Replicas asyncW1LostOnN1() {
    Replicas r = threeLedByN1(WriteMode.async());
    r.apply("n1", r.core("n1").write(1, "w1", WriteMode.async()));
    assertEquals(RequestOutcome.ACKED, r.replies.get(1L).outcome(), "acknowledged before any follower has it");
    r.crash("n1"); // before its Replicate reached anyone
    r.apply("n2", r.core("n2").lead(2));
    r.apply("n3", r.core("n3").follow(2, "n2"));
    r.deliverAll();
    r.apply("n2", r.core("n2").write(2, "w2", WriteMode.async()));
    r.restart("n1");
    r.apply("n1", r.core("n1").follow(2, "n2"));
    r.deliverAll();
    return r;
  }

  @Test
  void asyncAcknowledgesOnTheLeadersFsyncAndAFailoverLosesItCounted() {
    Replicas r = asyncW1LostOnN1();
    assertEquals(1, r.core("n1").lostAcknowledged(), "the acknowledged w1 was discarded, and counted");
    assertEquals("w2", r.core("n1").log().at(3).operation(), "after epoch 1's and epoch 2's start records");
  }

  /**
   * The count is durable: a replica restarted after counting a lost write (CI once saw a node
   * downed and restarted after its cut, and its count gone) still counts it, and so does one that
   * restarts from a compaction's image alone.
   */
  @Test
  void theLostWriteCountSurvivesRestartsAndCompaction() {
    Replicas r = asyncW1LostOnN1();
    assertEquals(1, r.core("n1").lostAcknowledged());
    r.crash("n1");
    r.restart("n1");
    assertEquals(1, r.core("n1").lostAcknowledged(), "recovered from the cut's own write");
    r.apply("n1", r.core("n1").follow(2, "n2"));
    r.tick(2);
    ReplicaCore n1 = r.core("n1");
    long stable = n1.stableOffset();
    assertTrue(stable > n1.log().baseOffset(), "n1 has a stable prefix to compact: " + stable);
    r.apply("n1", n1.compact(new StoreSnapshot(stable, n1.log().epochAt(stable), n1.log().epochStarts(),
        new byte[0])));
    r.deleteBeforeImage("n1");
    r.crash("n1");
    r.restart("n1");
    assertEquals(1, r.core("n1").lostAcknowledged(), "recovered from the image, the cut's write deleted");
  }

  @Test
  void syncAcknowledgesOnlyOnceEveryFollowerHasItSoAFailoverLosesNothing() {
    Replicas r = threeLedByN1(WriteMode.sync());
    r.apply("n1", r.core("n1").write(1, "w1", WriteMode.sync()));
    assertEquals(null, r.replies.get(1L), "not before the followers");
    r.deliverAll();
    assertEquals(RequestOutcome.ACKED, r.replies.get(1L).outcome());
    r.crash("n1");
    r.apply("n3", r.core("n3").lead(2));
    r.apply("n2", r.core("n2").follow(2, "n3"));
    r.deliverAll();
    r.restart("n1");
    r.apply("n1", r.core("n1").follow(2, "n3"));
    r.deliverAll();
    for (String id : new String[] {"n1", "n2", "n3"}) {
      assertEquals("w1", r.core(id).log().at(2).operation(), id);
      assertEquals(0, r.core(id).lostAcknowledged(), id);
    }
  }

  @Test
  void aDeposedLeadersWriteIsFencedNeverAcknowledged() {
    Replicas r = threeLedByN1(WriteMode.semiSync(1));
    // n1 is cut off; the others move to epoch 2 under n2.
    r.apply("n2", r.core("n2").lead(2));
    r.apply("n3", r.core("n3").follow(2, "n2"));
    r.deliver((from, to) -> !from.equals("n1") && !to.equals("n1"));
    r.apply("n1", r.core("n1").write(7, "late", WriteMode.semiSync(1)));
    r.deliverAll(); // the partition heals: n3 and n2 refuse epoch 1
    assertNotEquals(RequestOutcome.ACKED, r.replies.get(7L).outcome(), "never acknowledged");
    assertEquals(ReplicaRole.NONE, r.core("n1").role(), "the deposed leader stepped down");
    assertEquals(2, r.core("n1").epoch());
  }

  @Test
  void strictRefusesWithoutItsFollowersAndDowngradeAcknowledgesLateCounted() {
    Replicas strict = threeLedByN1(WriteMode.semiSync(1));
    strict.crash("n2");
    strict.crash("n3");
    strict.tick(10);
    strict.apply("n1", strict.core("n1").write(1, "w", WriteMode.semiSync(1)));
    assertEquals(RequestOutcome.UNAVAILABLE, strict.replies.get(1L).outcome());

    Replicas lax = threeLedByN1(WriteMode.semiSync(1).downgrading());
    lax.crash("n2");
    lax.crash("n3");
    lax.apply("n1", lax.core("n1").write(1, "w", WriteMode.semiSync(1).downgrading()));
    lax.tick(11);
    assertEquals(RequestOutcome.ACKED, lax.replies.get(1L).outcome());
    assertEquals("downgraded to async", lax.replies.get(1L).detail());
    assertEquals(1, lax.core("n1").downgrades());
  }

  @Test
  void eachRecordGoesToAFollowerOnceWhileItsAcknowledgementIsOnTheWay() {
    Replicas r = threeLedByN1(WriteMode.semiSync(1));
    for (int i = 1; i <= 10; i++) {
      r.apply("n1", r.core("n1").write(i, "w" + i, WriteMode.semiSync(1)));
    }
    r.apply("n1", r.core("n1").tick());
    assertEquals(10, r.recordsQueued("n1", "n2"), "not 1 + 2 + ... + 10: each write sent only itself");
    r.deliverAll();
    for (long i = 1; i <= 10; i++) {
      assertEquals(RequestOutcome.ACKED, r.replies.get(i).outcome(), "w" + i);
    }
    assertEquals("w10", r.core("n2").log().at(11).operation());
  }

  @Test
  void aReplicationMessageStaysUnderArterysFrame() {
    Replicas r = threeLedByN1(WriteMode.async());
    byte[] big = new byte[40 * 1024];
    for (int i = 1; i <= 10; i++) {
      r.apply("n1", r.core("n1").write(i, dev.chorus.core.Bytes.of(big), WriteMode.async()));
    }
    r.deliverAll();
    assertEquals(11, r.core("n2").log().lastOffset(), "every record arrived, in several messages");
    java.util.List<LogRecord> all = r.core("n1").log().after(0, 100);
    assertTrue(Batches.capped(all).size() < all.size());
    long sent = Batches.capped(all).stream().filter(x -> !x.isEpochStart()).count() * big.length;
    assertTrue(sent <= Batches.MAX_BYTES, sent + " bytes in one message");
  }

  @Test
  void aLostReplicateIsSentAgainOnceTheFollowerMakesNoProgress() {
    Replicas r = threeLedByN1(WriteMode.async());
    r.apply("n1", r.core("n1").write(1, "w1", WriteMode.async()));
    r.deliver((from, to) -> !to.equals("n2")); // n2 loses w1
    r.apply("n1", r.core("n1").write(2, "w2", WriteMode.async()));
    r.deliverAll(); // n2 sees a gap before w2 and keeps neither
    assertEquals(1, r.core("n2").log().lastOffset(), "only epoch 1's start record");
    r.tick(3); // in-sync timeout 5 ticks: sent again after 2
    assertEquals("w1", r.core("n2").log().at(2).operation());
    assertEquals("w2", r.core("n2").log().at(3).operation());
  }

  @Test
  void aWriteMayAskOnlyForAWeakerMode() {
    Replicas r = threeLedByN1(WriteMode.semiSync(1));
    r.apply("n1", r.core("n1").write(1, "w", WriteMode.sync()));
    assertEquals(RequestOutcome.UNAVAILABLE, r.replies.get(1L).outcome());
    r.apply("n1", r.core("n1").write(2, "w", WriteMode.async()));
    assertEquals(RequestOutcome.ACKED, r.replies.get(2L).outcome());
    r.apply("n2", r.core("n2").write(3, "w", WriteMode.async()));
    assertEquals(RequestOutcome.NOT_LEADER, r.replies.get(3L).outcome());
    assertEquals("n1", r.replies.get(3L).detail());
  }

  @Test
  void aModeNoStoreOfThisSizeCanMeetIsRefusedAtOnce() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ReplicaCore.recover("n1", java.util.List.of("n1", "n2", "n3"), store(WriteMode.semiSync(3)),
            java.util.List.of()));
    assertEquals("SEMI_SYNC(3) strict needs 3 followers, but the store has 2: no write could ever be acknowledged",
        e.getMessage());
  }
}
