package dev.chorus.replication.leaderfollower.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.replication.leaderfollower.ReplicaRole;
import dev.chorus.replication.leaderfollower.ReplicationSettings;
import dev.chorus.replication.leaderfollower.WriteMode;
import org.junit.jupiter.api.Test;

/**
 * Compaction and catch-up from a snapshot plus the log tail (Raft §7): a replica compacts only
 * its stable prefix; a replica that lost its disk, or a recovering leader behind the most
 * advanced replica's compaction, installs the snapshot and takes the tail; a replica restarts
 * from its durable image.
 */
class ReplicaSnapshotTest {
  private static final ReplicationSettings SEMI = new ReplicationSettings(WriteMode.semiSync(1), 5, 10, 64);

  private static void write(Replicas r, String leader, int from, int to) {
    for (int i = from; i <= to; i++) {
      r.apply(leader, r.core(leader).write(i, "v" + i, SEMI.mode()));
      r.deliverAll();
    }
  }

  private static StoreSnapshot snapshotAt(ReplicaCore core, long offset) {
    EpochLog log = core.log();
    return new StoreSnapshot(offset, log.epochAt(offset), log.epochStarts(), ("state@" + offset).getBytes());
  }

  @Test
  void onlyTheStablePrefixIsCompactedAndTheLogGoesOnAfterIt() {
    Replicas r = Replicas.threeLedByN1(SEMI);
    write(r, "n1", 1, 10);
    ReplicaCore leader = r.core("n1");
    long stable = leader.stableOffset();
    assertEquals(leader.log().lastOffset(), stable, "a majority holds every record");
    r.tick(1);
    assertEquals(stable, r.core("n2").stableOffset(), "followers learn it from the leader's next message");
    assertThrows(IllegalArgumentException.class, () -> leader.compact(snapshotAt(leader, stable).withOffset(stable + 1)));
    r.apply("n1", leader.compact(snapshotAt(leader, stable - 2)));
    assertEquals(stable - 2, leader.log().baseOffset());
    assertEquals(2, leader.log().after(stable - 2, 100).size());
    write(r, "n1", 11, 12);
    assertEquals(stable + 2, r.core("n3").log().lastOffset());
  }

  @Test
  void aReplicaThatLostItsDiskInstallsTheSnapshotThenTakesTheTail() {
    Replicas r = Replicas.threeLedByN1(SEMI);
    write(r, "n1", 1, 10);
    ReplicaCore leader = r.core("n1");
    StoreSnapshot s = snapshotAt(leader, leader.stableOffset());
    r.apply("n1", leader.compact(s));
    write(r, "n1", 11, 13);
    r.wipe("n3");
    r.restart("n3"); // it learns who leads from the leader's heartbeats
    r.tick(SEMI.electionTicks() + 2);
    ReplicaCore back = r.core("n3");
    assertEquals(s, back.snapshot());
    assertEquals(s.offset(), back.log().baseOffset());
    assertEquals(leader.log().lastOffset(), back.log().lastOffset());
    assertEquals(leader.log().after(s.offset(), 100), back.log().after(s.offset(), 100));
    assertEquals(leader.log().lastOffset(), leader.status().followers().get("n3").ackedOffset());
  }

  @Test
  void aReplicaRestartedBehindTheLeadersCompactionIsToldWhoLeadsThenGetsTheSnapshot() {
    Replicas r = Replicas.threeLedByN1(SEMI);
    write(r, "n1", 1, 3);
    r.crash("n3");
    write(r, "n1", 4, 12);
    ReplicaCore leader = r.core("n1");
    StoreSnapshot s = snapshotAt(leader, leader.stableOffset());
    r.apply("n1", leader.compact(s));
    r.restart("n3"); // knows epoch 1, does not know it follows n1 until it hears from it
    r.tick(SEMI.electionTicks() + 2);
    assertEquals(ReplicaRole.FOLLOWER, r.core("n3").role());
    assertEquals(s, r.core("n3").snapshot());
    assertEquals(leader.log().lastOffset(), r.core("n3").log().lastOffset());
  }

  @Test
  void aRestartedReplicaRecoversFromItsImageAndTheWritesAfterIt() {
    Replicas r = Replicas.threeLedByN1(SEMI);
    write(r, "n1", 1, 10);
    ReplicaCore n2 = r.core("n2");
    StoreSnapshot s = snapshotAt(n2, n2.stableOffset() - 3);
    r.apply("n2", n2.compact(s));
    write(r, "n1", 11, 12);
    EpochLog before = r.core("n2").log();
    long last = before.lastOffset();
    var tail = before.after(s.offset(), 100);
    r.crash("n2");
    r.restart("n2");
    ReplicaCore back = r.core("n2");
    assertEquals(s, back.snapshot());
    assertEquals(last, back.log().lastOffset());
    assertEquals(tail, back.log().after(s.offset(), 100));
    assertEquals(1, back.epoch());
  }

  @Test
  void aRecoveringLeaderBehindTheSourcesCompactionInstallsItsSnapshot() {
    Replicas r = Replicas.threeLedByN1(SEMI);
    write(r, "n1", 1, 3);
    r.crash("n3"); // n3 stops at offset 4 (epoch start + 3 writes)
    write(r, "n1", 4, 12);
    ReplicaCore n2 = r.core("n2");
    StoreSnapshot s = snapshotAt(n2, n2.stableOffset() - 1);
    r.apply("n2", n2.compact(s));
    long n2Last = n2.log().lastOffset();
    r.crash("n1");
    r.restart("n3");
    r.apply("n3", r.core("n3").leaseGranted(7, 0)); // n3 recovers epoch 7 from {n2, n3}
    r.deliverAll();
    ReplicaCore n3 = r.core("n3");
    assertEquals(ReplicaRole.LEADER, n3.role());
    assertEquals(s, n3.snapshot());
    assertEquals(n2Last + 1, n3.log().lastOffset(), "everything n2 had, then n3's epoch start");
    assertTrue(n3.log().at(n2Last + 1).isEpochStart());
    assertEquals(0, n3.lostAcknowledged());
  }
}
