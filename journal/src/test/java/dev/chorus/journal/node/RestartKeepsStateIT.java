package dev.chorus.journal.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.testkit.cluster.JvmCluster;
import dev.chorus.testkit.cluster.JvmNodeSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart keeps the node id and the data directory: state a persistent actor wrote through the
 * journal survives kill -9 and restart of a node JVM.
 */
class RestartKeepsStateIT {
  @TempDir Path tmp;

  private static String awaitLine(Path log, String prefix) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log)) {
        for (String line : Files.readAllLines(log)) {
          if (line.startsWith(prefix)) {
            return line;
          }
        }
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    throw new AssertionError("no line starting with '" + prefix + "' in " + log + " within 60 s");
  }

  @Test
  void aPersistentCountSurvivesKillMinusNineAndRestart() throws Exception {
    try (JvmCluster cluster = JvmCluster.builder(StartCounterNodeMain.class.getName()).nodes(1).workDir(tmp)
        .restartOnExit(false)
        .args((spec, all) -> List.of(spec.id(), Integer.toString(spec.clusterPort()), spec.dataDir().toString()))
        .start()) {
      JvmNodeSpec spec = cluster.node(0).spec();
      Path log = spec.logFile();
      String first = awaitLine(log, "starts 1 ");
      cluster.kill(0);
      cluster.restart(0);
      String second = awaitLine(log, "starts 2 ");
      assertEquals(first.substring("starts 1 ".length()), second.substring("starts 2 ".length()),
          "same node id and data directory");
      assertTrue(second.endsWith(spec.dataDir().toString()), second);
      cluster.kill(0);
      cluster.restart(0);
      awaitLine(log, "starts 3 ");
    }
  }
}
