package dev.chorus.samples.lab;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.samples.cli.Chorus;
import dev.chorus.testkit.check.LinearizabilityChecker;
import dev.chorus.testkit.check.Models;
import dev.chorus.testkit.check.SetChecker;
import dev.chorus.testkit.check.Verdict;
import dev.chorus.testkit.cluster.JvmCluster;
import dev.chorus.testkit.history.HistoryReader;
import dev.chorus.testkit.history.HistoryWriter;
import dev.chorus.testkit.history.Op;
import dev.chorus.testkit.workload.Workload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Raft key-value store on 3 and 5 node JVMs, under load, through faults aimed at its leader,
 * one after another: kill -9; a partition that leaves the leader in the minority; a pause past
 * the election timeout; a restart of every node. Clients read, write and compare-and-set four
 * registers and add unique elements over HTTP throughout. At the end: the register history is
 * linearizable (the probes' reads at the resumed leader, lease reads included, are in it), no
 * acknowledged add is lost, and no write sent into the minority took effect.
 */
class RaftKvLeaderFaultsIT {
  private static final List<String> REGISTERS = List.of("k0", "k1", "k2", "k3");
  private static final Duration LOAD_BOUND = Duration.ofMinutes(8);

  @ParameterizedTest(name = "{0} nodes")
  @ValueSource(ints = {3, 5})
  void leaderFaultsLoseNoAcknowledgedWriteAndKeepTheStoreLinearizable(int nodes, @TempDir Path tmp) throws Exception {
    Path history = tmp.resolve("history.jsonl");
    KvHttpClient http = new KvHttpClient();
    String tag = "[" + nodes + " nodes] ";
    try (JvmCluster cluster = JvmCluster.builder(Chorus.class.getName()).nodes(nodes)
            .workDir(tmp.resolve("nodes")).args(KvScenario::args).start();
        HistoryWriter writer = new HistoryWriter(history)) {
      FaultedRun.form(cluster, nodes, line -> System.out.println(tag + line));
      KvScenario.KvClients clients = new KvScenario.KvClients(cluster, http, nodes);
      AtomicBoolean stop = new AtomicBoolean();
      Workload.Spec spec = new Workload.Spec("kv", null, KvScenario.CLIENTS, 5, LOAD_BOUND);
      CompletableFuture<Workload.Counts> load = CompletableFuture.supplyAsync(() -> {
        try {
          return Workload.run(spec, clients::next, clients::invoke, writer, elapsed -> {}, stop::get);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      LeaderFaults faults = new LeaderFaults(cluster, writer, http, line -> System.out.println(tag + line));
      List<LeaderFaults.MinorityWrite> minority;
      List<LeaderFaults.ResumedRead> resumed;
      try {
        TimeUnit.SECONDS.sleep(2);
        faults.killLeader();
        minority = faults.partitionLeaderIntoMinority(clients);
        resumed = faults.pauseLeader(REGISTERS);
        faults.restartEveryNode();
        TimeUnit.SECONDS.sleep(3);
      } finally {
        stop.set(true);
      }
      Workload.Counts counts = load.get(1, TimeUnit.MINUTES);
      clients.finalRead(writer, Duration.ofSeconds(60));
      System.out.println(tag + "clients: " + counts);

      assertMinorityNeverCommitted(minority);
      assertTrue(resumed.stream().allMatch(r -> r.outcome().type() != Op.Type.INFO), "reads are never info");
      List<Op> events = HistoryReader.read(history);
      Verdict registers = new LinearizabilityChecker(Models.casRegister()).check(events.stream()
          .filter(e -> e.isNemesis() || !KvScenario.KvClients.SET.equals(e.key())).toList());
      assertTrue(registers.isValid(), registers.render());
      List<Op> adds = events.stream().filter(e -> !e.isNemesis() && KvScenario.KvClients.SET.equals(e.key())).toList();
      Verdict set = SetChecker.create().check(adds);
      assertTrue(set.isValid(), set.render());
      assertFalse(finalSet(adds).stream().anyMatch(elementsOf(minority)::contains),
          "an element written into the minority is present at the end");
      assertTrue(counts.ok() > 0, "the clients got writes and reads through: " + counts);
    }
  }

  // The minority never commits: nothing sent there succeeds, and what the old leader answers is
  // Unavailable (503) or Timeout (504); a minority follower may also redirect (421) to that leader.
  private static void assertMinorityNeverCommitted(List<LeaderFaults.MinorityWrite> writes) {
    assertTrue(writes.stream().anyMatch(LeaderFaults.MinorityWrite::toOldLeader), "writes reached the old leader");
    for (LeaderFaults.MinorityWrite w : writes) {
      assertTrue(w.outcome().type() != Op.Type.OK, "a write in the minority succeeded: " + w);
      String why = String.valueOf(w.outcome().value());
      boolean expected = why.startsWith("503") || why.startsWith("504") || why.contains("connection refused")
          || (!w.toOldLeader() && why.startsWith("421"));
      assertTrue(expected, "unexpected answer in the minority: " + w);
    }
  }

  private static Set<Long> elementsOf(List<LeaderFaults.MinorityWrite> writes) {
    return writes.stream().map(LeaderFaults.MinorityWrite::element).collect(Collectors.toSet());
  }

  private static List<Long> finalSet(List<Op> adds) {
    Op read = adds.stream().filter(o -> o.f().equals("read") && o.type() == Op.Type.OK)
        .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("the final read did not finish"));
    List<Long> elements = new java.util.ArrayList<>();
    read.value().forEach(v -> elements.add(v.asLong()));
    return elements;
  }
}
