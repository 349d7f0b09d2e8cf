package dev.chorus.consensus.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.consensus.LocalSystems;
import dev.chorus.consensus.RaftGroup;
import dev.chorus.consensus.RaftGroupSettings;
import dev.chorus.core.Epoch;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leases on a real three-member Raft group in one actor system: a second holder waits until the
 * first's lease expires, gets a larger fencing token, and the first holder's late write is refused.
 * The leader's clock is a test clock moved by hand, so expiry is not a matter of sleeping.
 */
class LeaderElectionTest {
  private static final Set<String> THREE = Set.of("n1", "n2", "n3");
  private static final Duration TTL = Duration.ofSeconds(10);

  @TempDir static Path dataDir;
  private static ActorTestKit kit;
  private static final AtomicLong now = new AtomicLong(1_000_000);

  @BeforeAll
  static void startSystem() {
    kit = LocalSystems.kit("leases", dataDir);
  }

  @AfterAll
  static void stopSystem() {
    kit.shutdownTestKit();
  }

  private static Clock testClock() {
    return new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return Instant.ofEpochMilli(now.get());
      }
    };
  }

  @Test
  void aDeposedHolderLearnsItAndItsWriteIsFencedOff() throws Exception {
    RaftGroupSettings settings = RaftGroupSettings.defaults().withTickInterval(LocalSystems.TICK);
    Map<String, LeaderElection> members = new HashMap<>();
    for (String id : THREE) {
      members.put(id, LeaderElection.start(kit.system(), id, "leases-test", THREE, settings, testClock()));
    }
    Map<String, RaftGroup<?, ?, ?>> groups = new HashMap<>();
    members.forEach((id, e) -> groups.put(id, e.group()));
    LeaderElection leases = members.get(LocalSystems.awaitLeader(groups));
    FencedResource<String> storage = new FencedResource<>();

    LeaseHolder first = new LeaseHolder(TTL.toMillis(), 1_000);
    long askedAt = now.get();
    LeaseOutcome.Granted g1 = assertInstanceOf(LeaseOutcome.Granted.class, LocalSystems.await(leases.acquire("db", "first", TTL)));
    first.granted(g1, askedAt);
    Epoch stale = first.token(now.get()).orElseThrow();
    storage.write(stale, "from first");
    assertInstanceOf(LeaseOutcome.HeldByOther.class, LocalSystems.await(leases.acquire("db", "second", TTL)));

    now.addAndGet(TTL.toMillis() + 1); // first is paused past its lease
    LeaseHolder second = new LeaseHolder(TTL.toMillis(), 1_000);
    long secondAsked = now.get();
    LeaseOutcome.Granted g2 = assertInstanceOf(LeaseOutcome.Granted.class, LocalSystems.await(leases.acquire("db", "second", TTL)));
    second.granted(g2, secondAsked);
    assertTrue(g2.token().isNewerThan(g1.token()), g1.token() + " then " + g2.token());
    storage.write(second.token(now.get()).orElseThrow(), "from second");

    assertTrue(first.token(now.get()).isEmpty(), "the first holder learns, on its own clock, that it lost the lease");
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
      members.put(id, LeaderElection.start(kit.system(), id, "leases-forwarded", THREE, settings, testClock()));
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
    assertEquals(now.get() + TTL.toMillis(), g.expiresAtMillis(), "expires a time to live after the clock reading stamped on it");
    assertInstanceOf(LeaseOutcome.HeldByOther.class, LocalSystems.await(follower.acquireAnywhere("db", "other", TTL)));
    assertInstanceOf(LeaseOutcome.Released.class, LocalSystems.await(follower.releaseAnywhere("db", "far")));
    assertInstanceOf(LeaseOutcome.Granted.class, LocalSystems.await(follower.acquireAnywhere("db", "other", TTL)));
    for (LeaderElection e : members.values()) {
      LocalSystems.await(e.group().stop());
    }
  }
}
