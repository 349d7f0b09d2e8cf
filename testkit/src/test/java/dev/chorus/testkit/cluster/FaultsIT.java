package dev.chorus.testkit.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.core.MemberView;
import dev.chorus.testkit.control.ControlClient;
import dev.chorus.testkit.node.TestNodeMain;
import java.time.Duration;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import dev.chorus.testkit.junit.JvmClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every fault the testkit injects observably happens, on a real 3-JVM cluster: the test fails if
 * a fault did not take effect. The timeouts only guard against hangs.
 *
 * <p>The split-brain resolver acts only after {@link #STABLE_AFTER}, far beyond every wait here,
 * so what each node sees depends on the fault alone. With the testkit's 7 s, keep-majority downed
 * the partitioned n3, whose JVM exited and came back outside the cluster: a poll that had not yet
 * seen n3's view of the partition then never could ("each side sees the other unreachable", CI).
 * What the resolver does to a partition is {@link DowningIT}'s subject.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {
  private static final Duration GUARD = Duration.ofSeconds(60);
  private static final Duration STABLE_AFTER = GUARD.multipliedBy(10);

  @RegisterExtension
  static JvmClusterExtension extension = JvmClusterExtension.of(
      JvmCluster.builder(TestNodeMain.class.getName()).nodes(3).args(TestNodeMain::args)
          .systemProperties(TestTimings.jvmOptions(ConfigFactory.parseMap(Map.of(
              "pekko.cluster.split-brain-resolver.stable-after", STABLE_AFTER.toSeconds() + "s")))));

  private static JvmCluster cluster;

  @BeforeAll
  static void start() {
    cluster = extension.cluster();
  }

  private static void await(String what, BooleanSupplier condition) {
    assertTrue(LocalCluster.await(condition, GUARD), what + " within " + GUARD);
  }

  private static List<MemberView> membersOrEmpty(int i) {
    try {
      return cluster.members(i);
    } catch (ControlClient.ControlException e) {
      return List.of();
    }
  }

  private static boolean sees(int observer, String id, boolean reachable) {
    return membersOrEmpty(observer).stream().anyMatch(m -> m.id().equals(id) && m.reachable() == reachable);
  }

  static void awaitAllUpAndReachable() {
    await("all 3 Up and reachable", () -> {
      for (int i = 0; i < 3; i++) {
        List<MemberView> ms = membersOrEmpty(i);
        if (ms.size() != 3 || !ms.stream().allMatch(m -> m.status().equals("Up") && m.reachable())) {
          return false;
        }
      }
      return true;
    });
  }

  @Test
  @Order(1)
  void aPausedNodeIsStoppedMarkedUnreachableAndComesBack() {
    cluster.pause(2);
    try {
      assertEquals('T', cluster.node(2).processState());
      await("n1 and n2 mark the paused n3 unreachable", () -> sees(0, "n3", false) && sees(1, "n3", false));
    } finally {
      cluster.resume(2); // also when the test failed, so that the next one starts whole
    }
    await("n3 reachable again", () -> sees(0, "n3", true) && sees(1, "n3", true));
  }

  @Test
  @Order(2)
  void aPartitionCutsMembershipButKeepsEveryProcessAlive() {
    List<Long> pids = cluster.nodes().stream().map(n -> n.pid().getAsLong()).toList();
    cluster.partition(List.of(Set.of(0, 1), Set.of(2)));
    try {
      await("each side sees the other unreachable",
          () -> sees(0, "n3", false) && sees(1, "n3", false) && sees(2, "n1", false) && sees(2, "n2", false));
      for (long pid : pids) {
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " alive");
      }
    } finally {
      cluster.heal();
    }
    awaitAllUpAndReachable();
    assertEquals(pids, cluster.nodes().stream().map(n -> n.pid().getAsLong()).toList(), "no node was restarted");
  }

  @Test
  @Order(3)
  void aSkewedClockShowsInTheNodesHlc() {
    long before = Long.parseLong(cluster.clock(1).split(" ")[0]);
    cluster.skewClock(1, Duration.ofHours(1));
    String[] clock = cluster.clock(1).split(" ");
    long physical = Long.parseLong(clock[0]);
    long hlc = Long.parseLong(clock[1].substring(0, clock[1].indexOf('.')));
    assertTrue(physical - before >= Duration.ofHours(1).toMillis(), "physical clock skewed: " + before + " -> " + physical);
    assertTrue(hlc >= physical, "the HLC follows the skewed clock: " + String.join(" ", clock));
    cluster.skewClock(1, Duration.ZERO);
    // The clock-rate fault reaches the node's monotonic clock through the control channel.
    cluster.clockRate(1, 1.25);
    assertEquals("1.25", cluster.clock(1).split(" ")[2]);
    cluster.clockRate(1, 1);
    assertEquals("1.0", cluster.clock(1).split(" ")[2]);
  }

  @Test
  @Order(4)
  void aKilledNodeIsGoneAndARestartedOneRejoinsWithItsIdentity() {
    long pid = cluster.node(1).pid().getAsLong();
    cluster.kill(1);
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "killed pid gone");
    await("n2 unreachable after kill -9", () -> sees(0, "n2", false));
    cluster.restart(1);
    awaitAllUpAndReachable();
    assertTrue(cluster.node(1).pid().getAsLong() != pid);
  }
}
