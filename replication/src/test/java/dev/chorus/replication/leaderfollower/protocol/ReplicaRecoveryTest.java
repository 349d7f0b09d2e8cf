package dev.chorus.replication.leaderfollower.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.replication.leaderfollower.ReplicaRole;
import dev.chorus.replication.leaderfollower.ReplicaStatus;
import dev.chorus.replication.leaderfollower.ReplicationSettings;
import dev.chorus.replication.leaderfollower.RequestOutcome;
import dev.chorus.replication.leaderfollower.WriteMode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The failover rules the simulation reaches only rarely, each driven by hand: KIP-279's repeated
 * epoch queries, the durable fence, and the exactness of the lost-write count.
 */
class ReplicaRecoveryTest {
  private static final ReplicationSettings ASYNC = new ReplicationSettings(WriteMode.async(), 5, 10, 64);

  private static void only(Replicas r, Set<String> side) {
    r.deliver((from, to) -> side.contains(from) && side.contains(to));
  }

  private static void dropAll(Replicas r) {
    r.deliver((from, to) -> false);
  }

  /**
   * A replica that promised epoch 5's fence and restarted knows epoch 5 but follows no one. Fenced
   * again by the candidate, it must follow it and hand over its log, which may be the one the
   * recovery needs; before, it answered the fence but ignored the Fetch, and recovery stalled.
   */
  @Test
  void aReplicaRestartedAfterAFenceFollowsTheCandidateWhenFencedAgain() {
    Replicas r = Replicas.threeLedByN1(ASYNC);
    r.apply("n1", r.core("n1").write(2, "a2", WriteMode.async()));
    r.deliverAll();
    r.apply("n3", r.core("n3").receive("n2", new ReplicaMessage.Fence(5)));
    r.crash("n3");
    r.restart("n3");
    assertEquals(5, r.core("n3").epoch());
    assertEquals(ReplicaRole.NONE, r.core("n3").role());

    r.apply("n3", r.core("n3").receive("n2", new ReplicaMessage.Fence(5)));
    assertEquals(ReplicaRole.FOLLOWER, r.core("n3").role());
    ReplicaEffects fetched = r.core("n3").receive("n2", new ReplicaMessage.Fetch(5, 1));
    assertTrue(fetched.sends().stream().anyMatch(s -> s.message() instanceof ReplicaMessage.Records rec
        && rec.records().size() == 1), "n3 hands over its record after offset 1");
  }

  /**
   * KIP-279's example: the follower's log has more of epoch 1 than the leader's, then an epoch the
   * leader never saw. One query would keep the extra epoch-1 records; asking again does not.
   */
  @Test
  void aFollowerAsksAgainUntilItsLogAgreesWithTheLeaders() {
    Replicas r = Replicas.threeLedByN1(ASYNC);
    for (int i = 2; i <= 5; i++) {
      r.apply("n1", r.core("n1").write(i, "a" + i, WriteMode.async()));
    }
    r.deliverAll(); // everyone has epoch 1 through offset 5
    r.apply("n1", r.core("n1").write(6, "a6", WriteMode.async()));
    r.apply("n1", r.core("n1").write(7, "a7", WriteMode.async()));
    only(r, Set.of("n1", "n2")); // n2 has epoch 1 through 7; n3 through 5
    r.apply("n3", r.core("n3").lead(2)); // n3: epoch 2 starts at 6
    r.apply("n3", r.core("n3").write(8, "b7", WriteMode.async()));
    r.apply("n3", r.core("n3").write(9, "b8", WriteMode.async()));
    dropAll(r);
    r.apply("n2", r.core("n2").lead(3)); // n2: epoch 3 starts at 8
    dropAll(r);
    r.apply("n3", r.core("n3").lead(4)); // n3: epoch 4 starts at 9
    dropAll(r);
    r.apply("n2", r.core("n2").follow(4, "n3"));
    only(r, Set.of("n2", "n3"));
    r.tick(1);
    EpochLog leader = r.core("n3").log();
    EpochLog follower = r.core("n2").log();
    assertEquals(leader.lastOffset(), follower.lastOffset());
    for (long o = 1; o <= leader.lastOffset(); o++) {
      assertEquals(leader.at(o), follower.at(o), "offset " + o);
    }
  }

  /**
   * A replica that answered a fence and then crashed still refuses the old epoch when it comes
   * back: otherwise the deposed leader could get a semi-sync write acknowledged on it, which the
   * new leader, recovered from the fenced majority, does not have.
   */
  @Test
  void theFenceOutlivesACrashSoTheDeposedLeaderCannotGetAWriteAcknowledged() {
    Replicas r = Replicas.threeLedByN1(new ReplicationSettings(WriteMode.semiSync(1), 5, 10, 64));
    r.apply("n3", r.core("n3").leaseGranted(2, 0)); // n3 recovers epoch 2 with n2, away from n1
    // n2 answers the fence, then crashes before anything of epoch 2 reaches its log.
    r.deliver((from, to) -> !from.equals("n1") && !to.equals("n1")
        && !(to.equals("n2") && r.core("n3").role() == ReplicaRole.LEADER));
    assertEquals(ReplicaRole.LEADER, r.core("n3").role());
    r.crash("n2");
    r.restart("n2");
    assertEquals(2, r.core("n2").epoch(), "the fence was durable");
    r.apply("n1", r.core("n1").write(7, "late", WriteMode.semiSync(1)));
    only(r, Set.of("n1", "n2"));
    assertNotEquals(RequestOutcome.ACKED, r.replies.get(7L) == null ? null : r.replies.get(7L).outcome());
  }

  /**
   * An async write cut back by a failover before it was durable was never acknowledged: its
   * client learns the outcome is unknown, and it is not counted as lost.
   */
  @Test
  void aWriteCutBackBeforeItWasDurableIsNeitherAcknowledgedNorCounted() {
    List<String> ids = List.of("n1", "n2", "n3");
    ReplicaCore n1 = ReplicaCore.recover("n1", ids, ASYNC, List.of());
    ReplicaEffects led = n1.lead(1);
    n1.persisted(led.writes().get(0).token());
    ReplicaEffects write = n1.write(1, "w", WriteMode.async());
    assertTrue(write.replies().isEmpty(), "not before its fsync");
    ReplicaEffects fenced = n1.receive("n2", new ReplicaMessage.Fence(2));
    ReplicaEffects cut = n1.receive("n2", new ReplicaMessage.EpochAnswer(2, new EpochLog.EpochEnd(1, 1)));
    assertEquals(1, n1.log().lastOffset(), "cut back to epoch 1's start record");
    assertEquals(0, n1.lostAcknowledged());
    assertEquals(RequestOutcome.UNKNOWN, cut.replies().get(0).outcome());
    ReplicaEffects late = n1.persisted(write.writes().get(0).token());
    assertTrue(late.replies().isEmpty() && fenced.replies().isEmpty(), "never acknowledged");
  }

  @Test
  void aSwitchoverHandsOverOnlyWhenTheTargetHasEverythingAndRefusesWritesMeanwhile() {
    Replicas r = Replicas.threeLedByN1(ASYNC);
    r.apply("n1", r.core("n1").write(1, "w", WriteMode.async()));
    r.apply("n1", r.core("n1").switchover("n2").effects()); // n2 has not acknowledged w yet
    assertEquals(ReplicaRole.LEADER, r.core("n1").role(), "not before the target has everything");
    r.apply("n1", r.core("n1").write(2, "x", WriteMode.async()));
    assertEquals(RequestOutcome.UNAVAILABLE, r.replies.get(2L).outcome());
    assertTrue(r.replies.get(2L).detail().contains("switching over to n2"), r.replies.get(2L).detail());
    r.deliverAll(); // n2 acknowledges w: n1 releases the lease and tells n2
    assertEquals(ReplicaRole.NONE, r.core("n1").role());
    assertEquals("n2", r.core("n1").leader());
    Switchover refused = r.core("n2").switchover("n9");
    assertEquals(Switchover.Outcome.NOT_A_REPLICA, refused.outcome());
    assertTrue(refused.detail().contains("n9 is not another replica"), refused.detail());
    assertEquals(Switchover.Outcome.NOT_LEADER, r.core("n3").switchover("n1").outcome());
  }

  @Test
  void statusShowsLagInOffsetsAndTicks() {
    Replicas r = Replicas.threeLedByN1(ASYNC);
    r.tick(1);
    r.apply("n1", r.core("n1").write(1, "a", WriteMode.async()));
    r.apply("n1", r.core("n1").write(2, "b", WriteMode.async()));
    only(r, Set.of("n1", "n2")); // n3 hears nothing more
    ReplicaStatus leader = r.core("n1").status();
    assertEquals(0, leader.followers().get("n2").lagOffsets());
    assertEquals(2, leader.followers().get("n3").lagOffsets(), "a and b have not reached n3");
    for (int i = 0; i < 4; i++) {
      for (String id : List.of("n1", "n2", "n3")) {
        r.apply(id, r.core(id).tick());
      }
      only(r, Set.of("n1", "n2"));
    }
    ReplicaStatus cut = r.core("n3").status();
    assertEquals(4, cut.ticksSinceLeader(), "n3 last heard the leader 4 ticks ago");
    assertEquals(ReplicaRole.FOLLOWER, cut.role());
    assertTrue(r.core("n2").status().ticksSinceLeader() <= 1);
    assertEquals(0, r.core("n2").status().lagOffsets());
  }
}
