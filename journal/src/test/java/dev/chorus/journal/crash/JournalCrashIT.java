package dev.chorus.journal.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.core.Soak;
import dev.chorus.testkit.cluster.JvmCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM persists continuously and is killed with SIGKILL at random points. After every
 * restart, every acknowledged write is there, each persistence id's events are contiguous, and
 * recovery never meets corruption. Three kills in CI, thirty under -Dchorus.soak=true.
 */
class JournalCrashIT {
  private static final int WRITERS = 4;
  private static final Duration GUARD = Duration.ofSeconds(60);

  @TempDir Path tmp;

  @Test
  void everyAcknowledgedWriteSurvivesKillMinusNine() throws Exception {
    long seed = Long.getLong("chorus.crash.seed", System.nanoTime());
    Random random = new Random(seed);
    int kills = Soak.choose(3, 30);
    Map<String, Long> acked = new HashMap<>();
    try (JvmCluster child = JvmCluster.builder(CrashWriterMain.class.getName())
        .nodes(1).workDir(tmp).restartOnExit(false)
        .args((spec, all) -> List.of(spec.dataDir().toString(), Integer.toString(WRITERS)))
        .start()) {
      Path log = child.node(0).spec().logFile();
      int seen = 0;
      for (int k = 0; k <= kills; k++) {
        seen = awaitRecovered(log, seen, acked, seed);
        if (k == kills) {
          break;
        }
        int newAcks = 20 + random.nextInt(400);
        seen = awaitAcks(log, seen, acked, newAcks);
        child.kill(0);
        seen = readAcks(log, seen, acked); // acks printed before the kill landed
        child.restart(0);
      }
    }
    assertEquals(WRITERS, acked.size(), "every writer got acknowledgements (seed=" + seed + ")");
  }

  private static List<String> lines(Path log) throws IOException {
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  private static int readAcks(Path log, int from, Map<String, Long> acked) throws IOException {
    List<String> lines = lines(log);
    for (int i = from; i < lines.size(); i++) {
      String[] f = lines.get(i).split(" ");
      if (f.length == 3 && f[0].equals("ack")) {
        acked.merge(f[1], Long.parseLong(f[2]), Math::max);
      }
    }
    return lines.size();
  }

  private static int awaitAcks(Path log, int from, Map<String, Long> acked, int count) throws Exception {
    long deadline = System.nanoTime() + GUARD.toNanos();
    int seen = from;
    long target = acked.values().stream().mapToLong(Long::longValue).sum() + count;
    while (acked.values().stream().mapToLong(Long::longValue).sum() < target) {
      assertTrue(System.nanoTime() < deadline, "no progress in " + GUARD + "; see " + log);
      TimeUnit.MILLISECONDS.sleep(5);
      seen = readAcks(log, seen, acked);
    }
    return seen;
  }

  /** Waits for every writer's recovery line and checks it against what was acknowledged. */
  private static int awaitRecovered(Path log, int from, Map<String, Long> acked, long seed) throws Exception {
    long deadline = System.nanoTime() + GUARD.toNanos();
    Map<String, String[]> recovered = new HashMap<>();
    int seen = from;
    while (recovered.size() < WRITERS) {
      assertTrue(System.nanoTime() < deadline, "writers did not recover in " + GUARD + "; see " + log);
      List<String> lines = lines(log);
      for (; seen < lines.size(); seen++) {
        String[] f = lines.get(seen).split(" ");
        assertTrue(!f[0].equals("recovery-failed"), lines.get(seen) + " (seed=" + seed + ")");
        if (f[0].equals("recovered") && f.length == 4) {
          recovered.put(f[1], f);
        }
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    for (String[] f : recovered.values()) {
      long highest = Long.parseLong(f[2]);
      long ackedHighest = acked.getOrDefault(f[1], 0L);
      assertTrue(highest >= ackedHighest, f[1] + " recovered " + highest + " events but " + ackedHighest
          + " were acknowledged (seed=" + seed + ")");
      assertEquals("true", f[3], f[1] + " recovered events that are not contiguous (seed=" + seed + ")");
    }
    return seen;
  }
}
