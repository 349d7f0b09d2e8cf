package dev.chorus.testkit.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process launcher: restart on exit with the same spec, pause and resume, no survivors. */
class JvmClusterIT {
  private static final Duration GUARD = Duration.ofSeconds(30);

  @TempDir Path tmp;

  private JvmCluster start() {
    return JvmCluster.builder(IdleMain.class.getName())
        .nodes(2)
        .workDir(tmp)
        .args((spec, all) -> List.of(spec.dataDir().toString()))
        .start();
  }

  private static boolean pidFileWritten(JvmNode n) {
    try {
      Path file = n.spec().dataDir().resolve("pid");
      return n.pid().isPresent() && Files.exists(file)
          && Long.parseLong(Files.readString(file).trim()) == n.pid().getAsLong();
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void aNodeThatExitsIsRestartedWithTheSameIdPortsAndDataDirectory() throws Exception {
    List<String> restarted = new CopyOnWriteArrayList<>();
    List<Long> pids = new ArrayList<>();
    try (JvmCluster cluster = start()) {
      cluster.onRestart((node, status) -> restarted.add(node.id() + ":" + status));
      cluster.awaitReady(JvmClusterIT::pidFileWritten, GUARD);
      JvmNode n2 = cluster.node(1);
      JvmNodeSpec before = n2.spec();
      long oldPid = n2.pid().getAsLong();
      Files.writeString(before.dataDir().resolve("exit-now"), "");
      assertTrue(LocalCluster.await(() -> n2.restarts() == 1 && pidFileWritten(n2), GUARD), "n2 restarted");
      assertEquals(List.of("n2:7"), restarted);
      assertEquals(before, n2.spec());
      assertNotEquals(oldPid, n2.pid().getAsLong());
      cluster.nodes().forEach(n -> pids.add(n.pid().getAsLong()));
    }
    for (long pid : pids) {
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " survived close");
    }
  }

  @Test
  void aNodeThatCannotBeRestartedIsReportedNotLostInSilence() throws Exception {
    try (JvmCluster cluster = start()) {
      cluster.awaitReady(JvmClusterIT::pidFileWritten, GUARD);
      JvmNode n2 = cluster.node(1);
      Path logDir = n2.spec().logFile().getParent();
      // Its log directory becomes a plain file: the next launch cannot create its log.
      try (var files = Files.walk(logDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
      Files.writeString(logDir, "not a directory");
      ProcessHandle.of(n2.pid().getAsLong()).ifPresent(ProcessHandle::destroyForcibly);
      assertTrue(LocalCluster.await(() -> !cluster.restartFailures().isEmpty(), GUARD), "the failure is reported");
      assertTrue(cluster.restartFailures().get(0).startsWith("n2 exited with status"), cluster.restartFailures().get(0));
      assertFalse(n2.isAlive());
    }
  }

  @Test
  void pauseStopsTheProcessAndCloseStillEndsIt() {
    long pid;
    try (JvmCluster cluster = start()) {
      cluster.awaitReady(JvmClusterIT::pidFileWritten, GUARD);
      cluster.pause(0);
      assertTrue(LocalCluster.await(() -> cluster.node(0).processState() == 'T', GUARD));
      cluster.resume(0);
      assertTrue(LocalCluster.await(() -> cluster.node(0).processState() != 'T', GUARD));
      cluster.pause(0);
      pid = cluster.node(0).pid().getAsLong();
    }
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "a paused node survived close");
  }

  @Test
  void killKeepsTheNodeDownUntilRestart() {
    try (JvmCluster cluster = start()) {
      cluster.awaitReady(JvmClusterIT::pidFileWritten, GUARD);
      cluster.kill(0);
      assertFalse(cluster.node(0).isAlive());
      assertEquals(0, cluster.node(0).restarts(), "a deliberate kill is not restarted behind the test's back");
      cluster.restart(0);
      cluster.awaitReady(JvmClusterIT::pidFileWritten, GUARD);
    }
  }
}
