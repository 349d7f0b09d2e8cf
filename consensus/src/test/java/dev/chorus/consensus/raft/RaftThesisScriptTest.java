package dev.chorus.consensus.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.consensus.MembershipChange;
import dev.chorus.consensus.MembershipChange.Kind;
import dev.chorus.consensus.MembershipChangeRejected;
import dev.chorus.consensus.ReadPath;
import dev.chorus.consensus.RaftSettings;
import dev.chorus.consensus.Role;
import dev.chorus.core.Bytes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Membership changes (thesis §4), log compaction and InstallSnapshot (§5 of the thesis, §7 of the
 * paper) and leadership transfer (§3.10), each a script of inputs to the pure cores with every
 * message delivered by hand ({@link ScriptedGroup}), as {@link RaftPaperTest} does for elections
 * and replication.
 */
class RaftThesisScriptTest {
  private static final Set<String> THREE = Set.of("n1", "n2", "n3");
  private static final RaftSettings SETTINGS = RaftSettings.defaults();

  private static ScriptedGroup three() {
    return three(SETTINGS);
  }

  private static ScriptedGroup three(RaftSettings settings) {
    ScriptedGroup g = new ScriptedGroup(settings);
    for (String id : List.of("n1", "n2", "n3")) {
      g.add(id, THREE);
    }
    return g;
  }

  private static void change(ScriptedGroup g, String leader, Kind kind, String node) {
    Proposal.Appended p = assertInstanceOf(Proposal.Appended.class,
        g.core(leader).changeMembership(new MembershipChange(kind, node)), leader + " leads and takes the change");
    g.handle(leader, p.ready());
    g.pump();
  }

  @Test
  void aLearnerReceivesTheLogWithoutVotingAndCountsOncePromoted() {
    // §4.2.1: a new server joins as a non-voting member until it has caught up; §4.1: then the
    // configuration that counts it is used as soon as it is in the log.
    ScriptedGroup g = three();
    RaftCore n4 = g.add("n4", Set.of());
    String leader = g.awaitLeader();
    g.propose(leader, "before");
    change(g, leader, Kind.ADD_LEARNER, "n4");
    g.tickUntil(() -> n4.commitIndex() == g.core(leader).commitIndex(), 50, "n4 catching up");
    assertEquals(Set.of("n4"), n4.membership().learners());
    assertTrue(g.applied("n4").stream().anyMatch(e -> "before".equals(e.command())), "the learner has the log");
    assertEquals(Role.FOLLOWER, n4.role());
    String other = THREE.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
    g.isolate(other);
    g.isolate("n4");
    long withOneVoter = g.propose(leader, "two of three");
    assertTrue(g.core(leader).commitIndex() >= withOneVoter, "the learner is not needed for a majority");
    g.heal(other);
    g.heal("n4");
    g.tickUntil(() -> n4.commitIndex() == g.core(leader).commitIndex(), 50, "n4 catching up again");
    change(g, leader, Kind.PROMOTE, "n4");
    assertEquals(Set.of("n1", "n2", "n3", "n4"), g.core(leader).membership().voters());
    // Four voters: a majority is three, so the leader and one follower cannot commit alone.
    String third = THREE.stream().filter(id -> !id.equals(leader) && !id.equals(other)).findFirst().orElseThrow();
    g.isolate(third);
    g.isolate("n4");
    long stuck = g.propose(leader, "two of four");
    assertTrue(g.core(leader).commitIndex() < stuck, "two of four voters are no majority");
    g.heal("n4");
    g.tickUntil(() -> g.core(leader).commitIndex() >= stuck, 50, "the promoted voter's acknowledgement");
  }

  @Test
  void oneChangeAtATime() {
    // §4.1: "the leader ... does not begin a new configuration change until the previous one has
    // committed".
    ScriptedGroup g = three();
    g.add("n4", Set.of());
    g.add("n5", Set.of());
    String leader = g.awaitLeader();
    g.propose(leader, "own term");
    Proposal.Appended first = assertInstanceOf(Proposal.Appended.class,
        g.core(leader).changeMembership(new MembershipChange(Kind.ADD_LEARNER, "n4")));
    MembershipChangeRejected second = assertThrows(MembershipChangeRejected.class,
        () -> g.core(leader).changeMembership(new MembershipChange(Kind.ADD_LEARNER, "n5")));
    assertTrue(second.getMessage().contains("in progress"), second.getMessage());
    g.handle(leader, first.ready());
    g.pump();
    change(g, leader, Kind.ADD_LEARNER, "n5");
    assertEquals(Set.of("n4", "n5"), g.core(leader).membership().learners());
  }

  @Test
  void aRemovedLeaderStepsDownOnceTheChangeCommitsAndTheOthersElectANewOne() {
    // §4.2.2: a leader removed from the configuration manages the cluster until the new
    // configuration is committed, then steps down.
    ScriptedGroup g = three();
    String old = g.awaitLeader();
    g.propose(old, "own term");
    long term = g.core(old).term();
    change(g, old, Kind.REMOVE, old);
    assertNotEquals(Role.LEADER, g.core(old).role(), "stepped down once its removal committed");
    Set<String> rest = Set.copyOf(THREE.stream().filter(id -> !id.equals(old)).toList());
    for (String id : rest) {
      assertEquals(rest, g.core(id).membership().voters());
    }
    g.isolate(old); // removed, it would only disturb the others (§4.2.3)
    String next = g.awaitLeader();
    assertTrue(rest.contains(next), next + " is one of the remaining voters");
    assertTrue(g.core(next).term() > term);
    long index = g.propose(next, "after");
    assertTrue(g.core(next).commitIndex() >= index, "the two remaining voters commit alone");
  }

  /**
   * §6.4.1 and docs/raft-groups.md, "Lease reads": a lease lasts electionTicks - leaseMarginTicks
   * (7) of the leader's ticks and no follower votes before electionTicks (10) of its own, so lease
   * reads are safe while no clock runs more than 10/7 as fast as another. Planted fault: the cut-off
   * leader's clock runs at a quarter of the others' rate (4 > 10/7): the others elect a leader and commit
   * a write while the old leader still trusts its lease, and its lease read is stale. At the same
   * rate, the old leader's lease has run out before a new leader can commit anything.
   */
  @Test
  void aLeaseReadIsStaleOnlyBeyondTheClockDriftItTolerates() {
    assertEquals(List.of(true), staleLeaseRead(4), "others at four times the old leader's rate: a stale lease read");
    assertEquals(List.of(false), staleLeaseRead(1), "the same rate: the lease ran out first");
  }

  /** Whether the cut-off leader serves a lease read after a new leader committed, others at {@code rate}. */
  private static List<Boolean> staleLeaseRead(int rate) {
    ScriptedGroup g = three();
    String old = g.awaitLeader();
    g.propose(old, "x=1");
    int[] rounds = {0};
    g.tickAtRatesUntil(Map.of(), () -> rounds[0]++ >= 1, 2, "one heartbeat round, which renews the lease");
    RaftCore l = g.core(old);
    g.isolate(old);
    Map<String, Integer> rates = new java.util.HashMap<>();
    THREE.stream().filter(id -> !id.equals(old)).forEach(id -> rates.put(id, rate));
    String[] next = new String[1];
    g.tickAtRatesUntil(rates, () -> {
      next[0] = THREE.stream().filter(id -> !id.equals(old) && g.core(id).role() == Role.LEADER
          && g.core(id).termAt(g.core(id).commitIndex()) == g.core(id).term()).findFirst().orElse(null);
      return next[0] != null;
    }, 100, "a new leader committing in its term");
    g.propose(next[0], "x=2");
    Ready read = l.read(4242, true);
    return List.of(l.role() == Role.LEADER && read.reads().stream().anyMatch(r -> r.readId() == 4242));
  }

  @Test
  void aFollowerAFewEntriesBehindTheSnapshotGetsTheRetainedEntriesNotTheSnapshot() {
    // The log keeps retainedEntries before a snapshot (etcd's SnapshotCatchUpEntries): a follower
    // that far behind is sent entries, cheaper than the whole state.
    ScriptedGroup g = three(SETTINGS.withRetainedEntries(50));
    String leader = g.awaitLeader();
    String lagging = THREE.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
    g.isolate(lagging);
    long last = 0;
    for (int i = 0; i < 20; i++) {
      last = g.propose(leader, "c" + i);
    }
    RaftCore l = g.core(leader);
    g.handle(leader, l.snapshotTaken(last, Bytes.of(new byte[] {7})));
    assertEquals(Math.max(1, last - 50 + 1), l.firstHeldIndex(), "the log kept the entries before the snapshot");
    g.heal(lagging);
    RaftCore f = g.core(lagging);
    long caughtUp = last;
    g.tickUntil(() -> f.appliedIndex() >= caughtUp, 50, lagging + " catching up");
    assertNull(g.restored(lagging), "no snapshot was needed");
    assertEquals("c19", g.applied(lagging).get(g.applied(lagging).size() - 1).command());
  }

  @Test
  void aFollowerBehindTheSnapshotIsSentItAndCatchesUp() {
    // §7: "the leader must occasionally send snapshots to followers that lag behind", when the
    // entries it needs to send have been discarded (here all of them: nothing retained).
    ScriptedGroup g = three(SETTINGS.withRetainedEntries(0));
    String leader = g.awaitLeader();
    String lagging = THREE.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
    g.isolate(lagging);
    long proposed = 0;
    for (int i = 0; i < 20; i++) {
      proposed = g.propose(leader, "c" + i);
    }
    long last = proposed;
    RaftCore l = g.core(leader);
    assertEquals(last, l.appliedIndex());
    g.handle(leader, l.snapshotTaken(last, Bytes.of(new byte[] {7, 7})));
    assertEquals(last, l.snapshot().index());
    assertNull(g.restored(lagging));
    g.heal(lagging);
    RaftCore f = g.core(lagging);
    g.tickUntil(() -> f.commitIndex() >= last, 50, lagging + " receiving the snapshot");
    Snapshot installed = g.restored(lagging);
    assertNotNull(installed, "the follower was given the snapshot: its log lacked what the leader discarded");
    assertEquals(last, installed.index());
    assertEquals(Bytes.of(new byte[] {7, 7}), installed.data());
    long after = g.propose(leader, "after the snapshot");
    g.tickUntil(() -> f.appliedIndex() >= after, 20, "replication after the snapshot");
    assertEquals("after the snapshot", g.applied(lagging).get(g.applied(lagging).size() - 1).command());
  }

  @Test
  void leadershipIsHandedToAnUpToDateVoterWithoutWaitingForATimeout() {
    // §3.10: the leader stops accepting requests, brings the target's log up to date, and sends it
    // a TimeoutNow; the target starts an election at once and wins it.
    ScriptedGroup g = three();
    String old = g.awaitLeader();
    String target = THREE.stream().filter(id -> !id.equals(old)).findFirst().orElseThrow();
    g.propose(old, "own term");
    long term = g.core(old).term();
    assertEquals(Transfer.Outcome.ALREADY_LEADS, g.core(old).transferLeadership(old).outcome(), "not to itself");
    assertEquals(Transfer.Outcome.NOT_A_VOTER, g.core(old).transferLeadership("n9").outcome(), "not to a stranger");
    Transfer started = g.core(old).transferLeadership(target);
    assertEquals(Transfer.Outcome.STARTED, started.outcome());
    assertEquals(Transfer.Outcome.NOT_LEADER, g.core(target).transferLeadership(old).outcome());
    assertInstanceOf(Proposal.NotLeader.class, g.core(old).propose("during"), "no proposals while it hands over");
    g.handle(old, started.ready());
    g.pump(); // no tick: the target does not wait for its election timeout
    assertEquals(Role.LEADER, g.core(target).role());
    assertEquals(term + 1, g.core(target).term());
    assertNotEquals(Role.LEADER, g.core(old).role());
    long index = g.propose(target, "under the new leader");
    assertTrue(g.core(old).commitIndex() >= index || g.core(target).commitIndex() >= index);
  }

  @Test
  void readsAreRoutedByPathInTheCore() {
    // §6.4: ReadIndex and lease reads are the leader's; a follower read asks the leader for its
    // index from any member; a local read waits for nothing.
    ScriptedGroup g = three();
    String leader = g.awaitLeader();
    String follower = THREE.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
    RaftCore f = g.core(follower);
    assertInstanceOf(ReadStart.ServeNow.class, f.startRead(1, ReadPath.LOCAL));
    ReadStart refused = f.startRead(2, ReadPath.READ_INDEX);
    assertEquals(leader, assertInstanceOf(ReadStart.NotLeader.class, refused).leaderHint());
    assertInstanceOf(ReadStart.NotLeader.class, f.startRead(3, ReadPath.LEASE));
    ReadStart started = f.startRead(4, ReadPath.FOLLOWER);
    assertFalse(assertInstanceOf(ReadStart.Started.class, started).ready().messages().isEmpty(),
        "the follower asks the leader for its read index");
    assertInstanceOf(ReadStart.Started.class, g.core(leader).startRead(5, ReadPath.READ_INDEX));
  }
}
