package dev.chorus.consensus.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.consensus.LeaderTime;
import dev.chorus.consensus.LocalSystems;
import dev.chorus.consensus.RaftGroup;
import dev.chorus.consensus.RaftGroupSettings;
import dev.chorus.core.Epoch;
import dev.chorus.core.clock.NodeClocks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leases on a real three-member Raft group in one actor system: a second holder waits until the
 * first's lease expires, gets a larger fencing token, and the first holder's late write is refused.
 * Expiry is by the leader's monotonic clock, stamped on each entry by the leader's host: the test
 * moves that clock past a short time-to-live ({@link LocalSystems#timePasses}), and checks that a
 * submitter cannot set the time. Where time passes, the groups tick at the default 100 ms, so that
 * the jump is well short of an election timeout; the time-to-live covers the real time between
 * two requests.
 */
class LeaderElectionTest {
  private static final Set<String> THREE = Set.of("n1", "n2", "n3");
  private static final Duration TTL = Duration.ofSeconds(2);
  /** A lease the test lets run out: long enough for two requests, short of an election timeout. */
  private static final Duration SHORT_TTL = Duration.ofMillis(400);
  /** One tick past {@link #SHORT_TTL}. */
  private static final Duration PAST_SHORT_TTL = SHORT_TTL.plusMillis(100);

  @TempDir static Path dataDir;
  private static ActorTestKit kit;

  @BeforeAll
  static void startSystem() {
    kit = LocalSystems.kit("leases", dataDir);
  }

  @AfterAll
  static void stopSystem() {
    kit.shutdownTestKit();
  }

  /** A holder's own clock: the monotonic milliseconds of the node it runs on. */
  private static long now() {
    return NodeClocks.monotonic(kit.system()).nanoTime() / 1_000_000;
  }

  @Test
  void aDeposedHolderLearnsItAndItsWriteIsFencedOff() throws Exception {
    RaftGroupSettings settings = RaftGroupSettings.defaults();
    Map<String, LeaderElection> members = new HashMap<>();
    for (String id : THREE) {
      members.put(id, LeaderElection.start(kit.system(), id, "leases-test", THREE, settings));
    }
    Map<String, RaftGroup<?, ?, ?>> groups = new HashMap<>();
    members.forEach((id, e) -> groups.put(id, e.group()));
    LeaderElection leases = members.get(LocalSystems.awaitLeader(groups));
    FencedResource<String> storage = new FencedResource<>();

    LeaseHolder first = new LeaseHolder(SHORT_TTL.toMillis(), 100);
    long askedAt = now();
    LeaseOutcome.Granted g1 = assertInstanceOf(LeaseOutcome.Granted.class, LocalSystems.await(leases.acquire("db", "first", SHORT_TTL)));
    first.granted(g1, askedAt);
    Epoch stale = first.token(now()).orElseThrow();
    storage.write(stale, "from first");
    assertInstanceOf(LeaseOutcome.HeldByOther.class, LocalSystems.await(leases.acquire("db", "second", SHORT_TTL)));

    LocalSystems.timePasses(kit, PAST_SHORT_TTL); // first is paused past its lease, on every clock
    LeaseHolder second = new LeaseHolder(SHORT_TTL.toMillis(), 100);
    long secondAsked = now();
    LeaseOutcome.Granted g2 = assertInstanceOf(LeaseOutcome.Granted.class, LocalSystems.await(leases.acquire("db", "second", SHORT_TTL)));
    second.granted(g2, secondAsked);
    assertTrue(g2.token().isNewerThan(g1.token()), g1.token() + " then " + g2.token());
    storage.write(second.token(now()).orElseThrow(), "from second");

    assertTrue(first.token(now()).isEmpty(), "the first holder learns, on its own clock, that it lost the lease");
    assertThrows(FencedResource.StaleToken.class, () -> storage.write(stale, "late write from first"));
    assertEquals("from second", storage.read());
    assertEquals(new LeaseOutcome.HeldByOther("db", "second", g2.expiresAtMillis()), LocalSystems.await(leases.holder("db")));
    for (LeaderElection e : members.values()) {
      LocalSystems.await(e.group().stop());
    }
  }

  @Test
  void aNodeThatDoesNotLeadTheGroupTakesAndGivesUpALeaseThroughTheLeader() throws Exception {
    RaftGroupSettings settings = RaftGroupSettings.defaults().withTickInterval(LocalSystems.TICK);
    Map<String, LeaderElection> members = new HashMap<>();
    for (String id : THREE) {
      members.put(id, LeaderElection.start(kit.system(), id, "leases-forwarded", THREE, settings));
    }
    Map<String, RaftGroup<?, ?, ?>> groups = new HashMap<>();
    members.forEach((id, e) -> groups.put(id, e.group()));
    String leader = LocalSystems.awaitLeader(groups);
    LeaderElection follower = members.get(THREE.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow());

    java.util.concurrent.ExecutionException direct = assertThrows(java.util.concurrent.ExecutionException.class,
        () -> LocalSystems.await(follower.acquire("db", "far", TTL)));
    assertInstanceOf(dev.chorus.consensus.NotLeader.class, direct.getCause());
    LeaseOutcome.Granted g = assertInstanceOf(LeaseOutcome.Granted.class,
        LocalSystems.await(follower.acquireAnywhere("db", "far", TTL)));
    assertEquals("far", g.holder());
    assertEquals(new LeaseOutcome.HeldByOther("db", "far", g.expiresAtMillis()), LocalSystems.await(members.get(leader).holder("db")));
    assertInstanceOf(LeaseOutcome.HeldByOther.class, LocalSystems.await(follower.acquireAnywhere("db", "other", TTL)));
    assertInstanceOf(LeaseOutcome.Released.class, LocalSystems.await(follower.releaseAnywhere("db", "far")));
    assertInstanceOf(LeaseOutcome.Granted.class, LocalSystems.await(follower.acquireAnywhere("db", "other", TTL)));
    for (LeaderElection e : members.values()) {
      LocalSystems.await(e.group().stop());
    }
  }

  /** The leader's host overwrites whatever time a submitter put on an entry. */
  @Test
  void aSubmittersTimeIsOverwrittenByTheLeaders() throws Exception {
    RaftGroupSettings settings = RaftGroupSettings.defaults();
    Map<String, LeaderElection> members = new HashMap<>();
    for (String id : THREE) {
      members.put(id, LeaderElection.start(kit.system(), id, "leases-stamped", THREE, settings));
    }
    Map<String, RaftGroup<?, ?, ?>> groups = new HashMap<>();
    members.forEach((id, e) -> groups.put(id, e.group()));
    LeaderElection leases = members.get(LocalSystems.awaitLeader(groups));
    // Had the claimed term stuck, the table's clock would ignore every real (lower-term) stamp
    // after it and the lease would never expire.
    assertInstanceOf(LeaseOutcome.Granted.class, LocalSystems.await(leases.group().submit(
        new LeaseCommand.Acquire("t", "z", SHORT_TTL.toMillis(), new LeaderTime(1_000_000, Long.MAX_VALUE / 4)))));
    LocalSystems.timePasses(kit, PAST_SHORT_TTL); // the lease runs out on the leader's clock
    assertInstanceOf(LeaseOutcome.Granted.class, LocalSystems.await(leases.acquire("t", "y", SHORT_TTL)));
    for (LeaderElection e : members.values()) {
      LocalSystems.await(e.group().stop());
    }
  }
}
