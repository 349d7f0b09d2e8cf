package dev.chorus.testkit.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.chorus.core.ChorusNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three actor systems in one JVM on loopback ports form a cluster and leave no port bound. */
class LocalClusterTest {
  @TempDir Path tmp;

  @Test
  void threeNodesReachThreeMembersUpAndReleaseTheirPorts() {
    List<Integer> ports;
    try (LocalCluster cluster = LocalCluster.start(3, tmp, ConfigFactory.empty())) {
      ports = cluster.ports();
      cluster.awaitAllUp(Duration.ofSeconds(60));
      for (ChorusNode node : cluster.nodes()) {
        assertEquals(3, countMembers(node), node.nodeId() + " sees every member");
        assertTrue(Files.isDirectory(node.dataDir()));
      }
      assertEquals(List.of("n1", "n2", "n3"), cluster.nodes().stream().map(ChorusNode::nodeId).toList());
    }
    for (int port : ports) {
      assertTrue(FreePorts.isFree(port), "port " + port + " is still bound after close");
    }
  }

  private static int countMembers(ChorusNode node) {
    int n = 0;
    for (var ignored : node.cluster().state().getMembers()) {
      n++;
    }
    return n;
  }
}
