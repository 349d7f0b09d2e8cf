package dev.chorus.testkit.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.core.ChorusNode;
import dev.chorus.core.MemberView;
import dev.chorus.testkit.control.ControlClient;
import dev.chorus.testkit.junit.JvmClusterExtension;
import dev.chorus.testkit.node.TestNodeMain;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the split-brain resolver does to a partition, on a real 3-JVM cluster with the testkit's
 * timings: keep-majority downs the minority once the partition is stable, its JVM exits with
 * {@link ChorusNode#EXIT_STATUS_DOWNED}, the cluster starts it again, and after the heal it is
 * back as a new incarnation while the majority never restarted. The timeouts only guard against
 * hangs; every step is awaited on what the nodes report, never on a guess of how long it takes.
 */
class DowningIT {
  private static final Duration GUARD = Duration.ofSeconds(90);

  @RegisterExtension
  static JvmClusterExtension extension = JvmClusterExtension.of(
      JvmCluster.builder(TestNodeMain.class.getName()).nodes(3).args(TestNodeMain::args));

  private static void await(String what, BooleanSupplier condition) {
    assertTrue(LocalCluster.await(condition, GUARD), what + " within " + GUARD);
  }

  private static List<MemberView> membersOrEmpty(JvmCluster cluster, int i) {
    try {
      return cluster.members(i);
    } catch (ControlClient.ControlException e) {
      return List.of();
    }
  }

  private static Set<String> ids(List<MemberView> members) {
    return Set.copyOf(members.stream().map(MemberView::id).toList());
  }

  @Test
  void keepMajorityDownsThePartitionedMinorityWhichComesBackAsANewIncarnation() {
    JvmCluster cluster = extension.cluster();
    List<Integer> exits = new CopyOnWriteArrayList<>();
    cluster.onRestart((node, status) -> exits.add(status));
    List<Long> pids = cluster.nodes().stream().map(n -> n.pid().getAsLong()).toList();

    cluster.partition(List.of(Set.of(0, 1), Set.of(2)));
    await("n3 downed: its JVM exited and was started again", () -> cluster.node(2).restarts() == 1);
    assertEquals(List.of(ChorusNode.EXIT_STATUS_DOWNED), exits, "n3 exited because the cluster downed it");
    // The new n3 cannot rejoin yet: n1 and n2 still drop its address, whatever its incarnation.
    await("n1 and n2 removed n3", () -> ids(membersOrEmpty(cluster, 0)).equals(Set.of("n1", "n2"))
        && ids(membersOrEmpty(cluster, 1)).equals(Set.of("n1", "n2")));

    cluster.heal(); // heals n1 and n2; the new n3, perhaps still starting, has nothing cut
    await("all 3 Up and reachable again", () -> {
      for (int i = 0; i < 3; i++) {
        List<MemberView> ms = membersOrEmpty(cluster, i);
        if (ms.size() != 3 || !ms.stream().allMatch(m -> m.status().equals("Up") && m.reachable())) {
          return false;
        }
      }
      return true;
    });
    assertEquals(pids.subList(0, 2), List.of(cluster.node(0).pid().getAsLong(), cluster.node(1).pid().getAsLong()),
        "the majority kept its processes");
    assertNotEquals(pids.get(2), cluster.node(2).pid().getAsLong(), "n3 is a new incarnation");
    assertEquals(List.of(ChorusNode.EXIT_STATUS_DOWNED), exits, "nothing else restarted");
  }
}
