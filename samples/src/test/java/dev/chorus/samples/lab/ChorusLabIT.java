package dev.chorus.samples.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.testkit.history.HistoryReader;
import dev.chorus.testkit.history.Op;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./chorus lab} as a user runs it, against the packaged distribution. */
class ChorusLabIT {
  @TempDir Path tmp;

  private record Run(int status, String output) {}

  private static Run chorus(String... args) throws IOException, InterruptedException {
    Path root = Path.of(System.getProperty("chorus.repo.root", "..")).toAbsolutePath().normalize();
    List<String> command = new ArrayList<>(List.of(root.resolve("chorus").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("CHORUS_NO_BUILD", "1");
    Process p = pb.start();
    try {
      byte[] out = p.getInputStream().readAllBytes();
      assertTrue(p.waitFor(5, TimeUnit.MINUTES), "chorus " + String.join(" ", args) + " did not end");
      return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  @Test
  void aShortMembershipRunPassesAndWritesAHistoryOfFaultsAndProbes() throws Exception {
    Run run = chorus("lab", "--scenario", "membership", "--duration", "30s", "--seed", "5", "--out", tmp.toString());
    assertEquals(0, run.status(), run.output());
    assertTrue(run.output().contains("too short for"), "a short run names the fault kinds it skips:\n" + run.output());
    assertTrue(run.output().contains("forming the cluster"), run.output());
    assertTrue(run.output().contains("nemesis: "), run.output());
    assertTrue(run.output().matches("(?s).*membership\\s+\\d+ injected, \\d+ observed\\s+\\d+/\\d+/\\d+\\s+PASS.*"),
        run.output());
    Path history = tmp.resolve("membership-5").resolve("history.jsonl");
    List<Op> ops = HistoryReader.read(history);
    assertTrue(ops.stream().anyMatch(o -> o.isNemesis() && o.f().startsWith("start-")), "faults are in the history");
    assertTrue(ops.stream().anyMatch(o -> !o.isNemesis() && o.type() == Op.Type.OK), "probes are in the history");
    assertTrue(Files.exists(tmp.resolve("membership-5").resolve("nodes").resolve("n1").resolve("node.log")));
  }

  @Test
  void kvScenarioChecksTheRaftStoreUnderFaults(@TempDir Path tmp) throws Exception {
    Run run = chorus("lab", "--scenario", "kv", "--duration", "30s", "--seed", "5", "--out", tmp.toString());
    assertEquals(0, run.status(), run.output());
    java.util.regex.Matcher row = java.util.regex.Pattern.compile(
        "kv\\s+\\d+ injected, \\d+ observed; \\d+ session retries, (\\d+) replays, (\\d+) duplicates\\s+\\d+/\\d+/\\d+\\s+PASS")
        .matcher(run.output());
    assertTrue(row.find(), run.output());
    // Acknowledged appends sent again: the store answered them from the sessions, and the set
    // check (below) found no element twice.
    assertTrue(Long.parseLong(row.group(1)) > 0 && Long.parseLong(row.group(2)) > 0, row.group());
    assertTrue(run.output().contains("linearizable(cas-register): valid"), run.output());
    assertTrue(run.output().contains("lost none of"), run.output());
    List<Op> ops = HistoryReader.read(tmp.resolve("kv-5").resolve("history.jsonl"));
    assertTrue(ops.stream().anyMatch(o -> !o.isNemesis() && o.f().equals("cas") && o.type() == Op.Type.OK),
        "compare-and-sets took effect");
  }

  @Test
  void listsScenariosAndRejectsBadInput() throws Exception {
    Run list = chorus("lab", "--list");
    assertEquals(0, list.status());
    for (String name : List.of("membership", "kv", "replication-lag", "failover-async", "failover-semi-sync",
        "failover-sync")) {
      assertTrue(list.output().contains(name + " "), list.output());
    }
    Run bad = chorus("lab", "--nodes", "2");
    assertEquals(2, bad.status());
    assertTrue(bad.output().contains("--nodes 2 is out of range"), bad.output());
    Run unknown = chorus("lab", "--scenario", "nope");
    assertEquals(2, unknown.status());
    assertTrue(unknown.output().contains("unknown scenario 'nope'"), unknown.output());
  }
}
