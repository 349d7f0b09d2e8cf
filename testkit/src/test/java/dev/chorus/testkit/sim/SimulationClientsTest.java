package dev.chorus.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.testkit.check.History;
import dev.chorus.testkit.check.LinearizabilityChecker;
import dev.chorus.testkit.check.Models;
import dev.chorus.testkit.history.Op;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Simulated clients record a history in Jepsen's vocabulary, on simulated time. */
class SimulationClientsTest {
  private static Simulation.Builder<String, LeaderKv> leaderKv() {
    return Simulation.builder(LeaderKv::new).nodes(3)
        .clients(Clients.of(3, RegisterWorkload::next))
        .safetyPhase(Duration.ofSeconds(1));
  }

  @Test
  void clientsFollowNotLeaderHintsAndEveryOperationCompletesOk() {
    Result result = leaderKv().build().run(1).assertPassed();
    long invokes = result.history().stream().filter(e -> e.type() == Op.Type.INVOKE).count();
    assertTrue(invokes > 50, "invokes " + invokes);
    assertEquals(0, result.stats().opsFailed() + result.stats().opsInfo(), "every operation completed ok");
    assertTrue(result.stats().opsOk() >= invokes - 3, "only the last operation of each client may be open");
    for (Op e : result.history()) {
      assertTrue(e.type() == Op.Type.INVOKE || "n1".equals(e.node()), "served by the leader: " + e);
      assertTrue(Set.of("0", "1", "2").contains(e.process()), "no info, no new process: " + e);
      assertTrue(e.time() <= result.simulatedNanos());
    }
    History.operations(result.history());
    result.assertHistory(new LinearizabilityChecker(Models.register()));
  }

  @Test
  void whileTheLeaderIsDownOperationsFailOrEndUnknownAndUnknownMeansANewProcess() {
    Result result = leaderKv()
        .crashAt(Duration.ofMillis(300), "n1", Duration.ofMillis(600))
        .build().run(2).assertPassed();
    Stats stats = result.stats();
    assertTrue(stats.opsFailed() > 0, "refused everywhere until the timeout: " + stats);
    assertTrue(stats.opsInfo() > 0, "in flight at the crash: " + stats);
    Set<String> processes = new TreeSet<>();
    result.history().forEach(e -> processes.add(e.process()));
    assertEquals(3 + stats.opsInfo(), processes.size(), "one new process per info: " + processes);
    result.assertHistory(new LinearizabilityChecker(Models.register()));
  }
}
