package dev.chorus.consensus;

import static dev.chorus.consensus.GroupFixture.failure;
import static dev.chorus.consensus.GroupFixture.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.core.CommandTooLarge;
import dev.chorus.core.ConsistencyLevel;
import dev.chorus.core.ServedLevels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raft groups of three members in one actor system, on the embedded file journal and snapshot
 * store in a temporary directory. Each test runs its own named group, so the system also hosts
 * many groups at once. Ticks are real ({@link LocalSystems#TICK}); timeouts only guard against a
 * hang.
 */
class RaftGroupTest {
  private static final Set<String> THREE = Set.of("n1", "n2", "n3");
  private static final RaftGroupSettings SETTINGS = RaftGroupSettings.defaults()
      .withTickInterval(LocalSystems.TICK)
      .withRequestTimeout(Duration.ofSeconds(5));

  @TempDir static Path dataDir;
  private static ActorTestKit kit;

  @BeforeAll
  static void startSystem() {
    kit = LocalSystems.kit("raft", dataDir);
  }

  @AfterAll
  static void stopSystem() {
    kit.shutdownTestKit();
  }

  private static GroupFixture group(String name, RaftGroupSettings settings) {
    return new GroupFixture(kit, name, THREE, settings).startAll();
  }

  private static List<String> commands(String prefix, int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(i -> prefix + i).toList();
  }

  @Test
  void electsOneLeaderAndAppliesEachCommandExactlyOnceOnEveryMember() {
    GroupFixture g = group("exactly-once", SETTINGS);
    String leader = g.awaitLeader();
    List<String> submitted = commands("c", 1, 30);
    for (int i = 0; i < submitted.size(); i++) {
      assertEquals(Integer.toString(i + 1), get(g.member(leader).submit(submitted.get(i))),
          "the result of applying it: its position");
    }
    g.awaitEveryMemberHolds(submitted);
    for (String id : THREE) {
      g.machine(id).assertAppliedExactlyOnceInOrder();
      assertEquals(g.machine(leader).calls(), g.machine(id).calls(), id + " applied the same indexes as the leader");
    }
    g.stopAll();
  }

  @Test
  void aCommandTheStateMachineRefusesFailsItsSubmitAndTheGroupGoesOn() {
    GroupFixture g = group("refused", SETTINGS);
    String leader = g.awaitLeader();
    g.submit("a");
    Throwable refused = failure(g.member(leader).submit("refuse:b"));
    assertInstanceOf(IllegalArgumentException.class, refused);
    assertTrue(refused.getMessage().contains("refused refuse:b"), refused.getMessage());
    assertEquals("2", get(g.member(leader).submit("c")), "the group goes on; the refused command changed nothing");
    g.awaitEveryMemberHolds(List.of("a", "c"));
  }

  /**
   * A command larger than a message between nodes may be is refused at once, with the key to
   * raise: appended, its AppendEntries would be dropped by Artery on every retry and the group
   * would commit nothing after it.
   */
  @Test
  void aCommandLargerThanAFrameIsRefusedAtOnceAndTheGroupGoesOn() {
    GroupFixture g = group("too-large", SETTINGS);
    String leader = g.awaitLeader();
    long max = RaftGroup.maxCommandBytes(kit.system().settings().config());
    assertEquals((256 << 10) - 4096, max, "Artery's default frame, less room for the envelope");
    Throwable refused = failure(g.member(leader).submit("x".repeat((int) max + 1)));
    CommandTooLarge tooLarge = assertInstanceOf(CommandTooLarge.class, refused);
    assertEquals(max, tooLarge.limit());
    assertEquals("pekko.remote.artery.advanced.maximum-frame-size", tooLarge.setting());
    assertTrue(refused.getMessage().contains("pekko.remote.artery.advanced.maximum-frame-size"), refused.getMessage());
    String largest = "y".repeat((int) max);
    assertEquals("1", get(g.member(leader).submit(largest)), "the largest command that fits is replicated");
    g.awaitEveryMemberHolds(List.of(largest));
    g.stopAll();
  }

  @Test
  void aFollowerAnswersNotLeaderWithTheLeaderAsHint() {
    GroupFixture g = group("not-leader", SETTINGS);
    String leader = g.awaitLeader();
    NotLeader refused = assertInstanceOf(NotLeader.class, failure(g.member(g.follower(leader)).submit("x")));
    assertEquals(Optional.of(leader), refused.leaderHint());
    assertTrue(refused.certainlyNotApplied());
    g.stopAll();
  }

  @Test
  void answersQueriesInEveryConsistency() {
    GroupFixture g = group("queries", SETTINGS);
    String leader = g.awaitLeader();
    String follower = g.follower(leader);
    for (String c : commands("q", 1, 5)) {
      g.submit(c);
    }
    RaftGroup<String, String, String> atLeader = g.member(leader);
    RaftGroup<String, String, String> atFollower = g.member(follower);
    assertEquals("q5", get(atLeader.query("last", ConsistencyLevel.STRONG)));
    assertEquals("q5", get(atLeader.query("last", ConsistencyLevel.STRONG, ReadPath.LEASE)));
    assertEquals("q5", get(atFollower.query("last", ConsistencyLevel.STRONG, ReadPath.FOLLOWER)),
        "a follower read sees every write that completed before it");
    assertEquals("q5", get(atLeader.query("last", ConsistencyLevel.STRONG, ReadPath.FOLLOWER)));
    assertEquals(Optional.of(leader),
        assertInstanceOf(NotLeader.class, failure(atFollower.query("last", ConsistencyLevel.STRONG))).leaderHint());
    assertInstanceOf(NotLeader.class, failure(atFollower.query("last", ConsistencyLevel.STRONG, ReadPath.LEASE)));
    g.eventually(() -> assertEquals("5", get(atFollower.query("count", ConsistencyLevel.EVENTUAL)), "a stale read catches up"));
    assertInstanceOf(IllegalArgumentException.class, failure(atLeader.query("nonsense", ConsistencyLevel.EVENTUAL)));
    g.eventually(() -> assertEquals("5", get(atFollower.query("count", ConsistencyLevel.CONSISTENT_PREFIX)),
        "consistent-prefix is served locally, on a follower too"));
    assertInstanceOf(NotLeader.class, failure(atFollower.query("last", ConsistencyLevel.CAUSAL)),
        "a level above consistent-prefix goes by ReadIndex");
    assertEquals("q5", get(atLeader.query("last", ConsistencyLevel.SESSION)));
    IllegalArgumentException local = assertThrows(IllegalArgumentException.class,
        () -> atLeader.query("last", ConsistencyLevel.STRONG, ReadPath.LOCAL));
    assertTrue(local.getMessage().contains("keeps consistent-prefix, below the requested strong"),
        local.getMessage());
    assertEquals(ServedLevels.ALL, atLeader.servedLevels());
    g.stopAll();
  }

  @Test
  void aRestartedMemberRecoversFromItsSnapshotPlusTailAndCatchesUp() {
    GroupFixture g = group("restart", SETTINGS.withSnapshotEntries(5));
    String leader = g.awaitLeader();
    String follower = g.follower(leader);
    List<String> expected = new ArrayList<>(commands("r", 1, 13));
    expected.forEach(g::submit);
    g.awaitEveryMemberHolds(expected);
    g.stop(follower);

    List<String> later = commands("r", 14, 20);
    later.forEach(g::submit);
    expected.addAll(later);
    g.start(follower);
    g.awaitEveryMemberHolds(expected);

    List<LogMachine.Call> calls = g.machine(follower).calls();
    assertTrue(calls.get(0).isRestore() && calls.get(0).index() >= 5,
        "the restarted member first restored its own snapshot: " + calls);
    g.machine(follower).assertAppliedExactlyOnceInOrder();
    g.stopAll();
  }

  @Test
  void theWholeGroupRestartsWithItsState() {
    GroupFixture g = group("whole-restart", SETTINGS.withSnapshotEntries(4));
    g.awaitLeader();
    List<String> expected = new ArrayList<>(commands("w", 1, 10));
    expected.forEach(g::submit);
    g.awaitEveryMemberHolds(expected);
    g.stopAll();

    THREE.forEach(g::start);
    g.awaitLeader();
    g.submit("w11");
    expected.add("w11");
    g.awaitEveryMemberHolds(expected);
    THREE.forEach(id -> g.machine(id).assertAppliedExactlyOnceInOrder());
    g.stopAll();
  }

  @Test
  void aCommandWithoutAMajorityTimesOutAndMayStillBeAppliedLater() {
    // Without check-quorum the leader keeps leading alone, so the command waits in its log.
    GroupFixture g = group("no-majority", SETTINGS.withRequestTimeout(Duration.ofMillis(500))
        .withRaft(SETTINGS.raft().withCheckQuorum(false)));
    String leader = g.awaitLeader();
    g.submit("first");
    List<String> followers = THREE.stream().filter(id -> !id.equals(leader)).sorted().toList();
    followers.forEach(g::stop);

    Timeout unknown = assertInstanceOf(Timeout.class, failure(g.member(leader).submit("maybe")));
    assertFalse(unknown.certainlyNotApplied());
    followers.forEach(g::start);
    g.awaitEveryMemberHolds(List.of("first", "maybe"));
    g.stopAll();
  }

  @Test
  void aGroupRunsOncePerNodeAndAStoppedMemberIsUnavailable() {
    GroupFixture g = group("once", SETTINGS);
    assertThrows(IllegalStateException.class, () -> g.start("n1"));
    RaftGroup<String, String, String> stopped = g.member("n1");
    g.stop("n1");
    Unavailable refused = assertInstanceOf(Unavailable.class, failure(stopped.submit("x")));
    assertTrue(refused.certainlyNotApplied());
    g.start("n1");
    g.awaitLeader();
    g.stopAll();
  }

  @Test
  void transfersLeadershipToAFollower() {
    GroupFixture g = group("transfer", SETTINGS);
    g.submit("before");
    String target = g.transferToAFollower();
    assertEquals(target, g.awaitLeader());
    assertEquals("2", g.submit("after"));
    assertInstanceOf(IllegalArgumentException.class, failure(g.member(target).transferLeadership("nobody")));
    g.stopAll();
  }

  @Test
  void addsALearnerThenPromotesIt() {
    GroupFixture g = group("membership", SETTINGS);
    String leader = g.awaitLeader();
    List<String> expected = new ArrayList<>(commands("m", 1, 5));
    expected.forEach(g::submit);
    g.join("n4");

    Membership withLearner = get(g.member(leader).changeMembership(new MembershipChange(MembershipChange.Kind.ADD_LEARNER, "n4")));
    assertEquals(new Membership(THREE, Set.of("n4")), withLearner);
    g.awaitEveryMemberHolds(expected);
    assertEquals(Role.FOLLOWER, g.metrics("n4").role());

    Membership promoted = get(g.member(leader).changeMembership(new MembershipChange(MembershipChange.Kind.PROMOTE, "n4")));
    assertEquals(Set.of("n1", "n2", "n3", "n4"), promoted.voters());
    expected.add("m6");
    g.submit("m6");
    g.awaitEveryMemberHolds(expected);
    g.eventually(() -> assertEquals(promoted.voters(), g.metrics("n4").voters(), "n4 knows it votes"));
    assertInstanceOf(dev.chorus.consensus.MembershipChangeRejected.class, failure(g.member(g.awaitLeader())
        .changeMembership(new MembershipChange(MembershipChange.Kind.PROMOTE, "n4"))));
    g.stopAll();
  }

  @Test
  void metricsReportTermRoleIndexesAndFollowerProgress() {
    GroupFixture g = group("metrics", SETTINGS);
    String leader = g.awaitLeader();
    for (String c : commands("x", 1, 3)) {
      g.submit(c);
    }
    g.eventually(() -> {
      RaftMetrics m = g.metrics(leader);
      assertEquals(Role.LEADER, m.role());
      assertEquals(Optional.of(leader), m.leader());
      assertEquals(m.lastIndex(), m.commitIndex());
      assertEquals(m.commitIndex(), m.appliedIndex());
      assertEquals(THREE, m.voters());
      assertEquals(Set.of("n1", "n2", "n3").stream().filter(id -> !id.equals(leader)).collect(java.util.stream.Collectors.toSet()),
          m.followers().keySet());
      m.followers().values().forEach(f -> {
        assertEquals(m.lastIndex(), f.matchIndex());
        assertEquals(0, f.lag());
      });
      RaftMetrics f = g.metrics(g.follower(leader));
      assertEquals(Role.FOLLOWER, f.role());
      assertEquals(m.term(), f.term());
      assertEquals(m.appliedIndex(), f.appliedIndex());
      assertTrue(f.followers().isEmpty());
    });

    String down = g.follower(leader);
    g.stop(down);
    for (String c : commands("y", 1, 3)) {
      g.submit(c);
    }
    g.eventually(() -> {
      RaftMetrics m = g.metrics(leader);
      RaftMetrics.Follower behind = m.followers().get(down);
      assertTrue(behind.lag() >= 3 && behind.matchIndex() + behind.lag() == m.lastIndex(), "a stopped follower lags: " + m);
      m.followers().forEach((id, f) -> assertTrue(id.equals(down) || f.lag() == 0, "the other keeps up: " + m));
    });
    g.stopAll();
  }
}
