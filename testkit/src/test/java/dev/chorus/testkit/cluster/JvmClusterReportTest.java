package dev.chorus.testkit.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmClusterReportTest {
  @TempDir Path dir;

  @Test
  void keepsTheLastNotableLinesOnly() throws IOException {
    Path log = dir.resolve("n1.log");
    Files.write(log, List.of(
        "12:00:00.001 INFO  o.a.p.cluster.Cluster - Cluster Node [n1] - Marking node as UNREACHABLE [n3]",
        "12:00:00.002 DEBUG some.Thing - nothing to see",
        "12:00:00.003 INFO  d.c.r.l.i.ReplicaHost - replica kv/n1: CANDIDATE in epoch 17 (was NONE in 2)",
        "12:00:00.004 WARN  o.a.p.cluster.sbr.SplitBrainResolver - SBR took decision DownUnreachable",
        "12:00:00.005 INFO  some.Thing - served a request",
        "12:00:00.006 INFO  d.c.c.i.RaftNode - raft kv: n1 LEADER in term 3, leader n1, log to 12"));
    List<String> last = JvmClusterReport.notable(log, 2);
    assertEquals(2, last.size(), last.toString());
    assertTrue(last.get(0).contains("SBR took decision"), last.toString());
    assertTrue(last.get(1).contains("LEADER in term 3"), last.toString());
    assertEquals(4, JvmClusterReport.notable(log, 10).size());
  }

  @Test
  void aMissingLogGivesNoLines() {
    assertEquals(List.of(), JvmClusterReport.notable(dir.resolve("none.log"), 5));
  }
}
