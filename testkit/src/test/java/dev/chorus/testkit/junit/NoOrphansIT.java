package dev.chorus.testkit.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.chorus.testkit.cluster.IdleMain;
import dev.chorus.testkit.cluster.JvmCluster;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A test that fails on purpose, with a cluster and a paused node, leaves no process behind: the
 * extension's teardown stops every child. The nested run goes through the JUnit Platform's
 * engine test kit, so its failure does not fail this build.
 */
class NoOrphansIT {
  static final List<Long> PIDS = new CopyOnWriteArrayList<>();

  /** Run only through the engine test kit below (static nested classes are not discovered). */
  static class FailsOnPurpose {
    @RegisterExtension
    static JvmClusterExtension cluster = JvmClusterExtension.startedOnly(JvmCluster.builder(IdleMain.class.getName())
        .nodes(2).args((spec, all) -> List.of(spec.dataDir().toString())));

    @Test
    void fails() {
      JvmCluster c = cluster.cluster();
      c.nodes().forEach(n -> PIDS.add(n.pid().getAsLong()));
      c.pause(0);
      throw new AssertionError("failing on purpose");
    }
  }

  @Test
  void aFailingTestLeavesNoChildProcess() {
    PIDS.clear();
    var results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(FailsOnPurpose.class)).execute();
    results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
    assertEquals(2, PIDS.size());
    for (long pid : PIDS) {
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " outlived its test");
    }
  }
}
