package dev.chorus.samples.lab;

import dev.chorus.testkit.check.History;
import dev.chorus.testkit.check.Operation;
import dev.chorus.testkit.check.Verdict;
import dev.chorus.testkit.history.HistoryReader;
import dev.chorus.testkit.history.Op;
import dev.chorus.testkit.nemesis.Nemesis;
import dev.chorus.testkit.workload.Workload;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The membership scenario's checks: every fault observed, every heal recovered within the bound,
 * every probe invoked after the last recovery answered with all nodes Up and reachable.
 */
final class MembershipCheck {
  private MembershipCheck() {}

  static LabVerdict verdict(String scenario, int nodes, List<Nemesis.Outcome> outcomes, Workload.Counts counts,
      Path history, Path logs) throws IOException {
    long observed = outcomes.stream().filter(Nemesis.Outcome::observed).count();
    long lastRecovery = outcomes.stream().mapToLong(o -> Math.max(o.recoveredAt(), o.healedAt())).max().orElse(0);
    List<Verdict> checks = List.of(faultsObserved(outcomes), recovery(outcomes),
        probesAfter(HistoryReader.read(history), lastRecovery, nodes));
    return new LabVerdict(scenario, outcomes.size() + " injected, " + observed + " observed",
        counts.ok(), counts.fail(), counts.info(), checks, history, logs);
  }

  /** Every fault the nemesis injected was seen by the cluster (unreachable, gone, skewed). */
  static Verdict faultsObserved(List<Nemesis.Outcome> outcomes) {
    List<String> missed = outcomes.stream().filter(o -> !o.observed())
        .map(o -> o.step().fault().describe() + ": " + o.observation()).toList();
    String name = "nemesis(faults-observed)";
    if (missed.isEmpty()) {
      return Verdict.valid(name, outcomes.size() + "/" + outcomes.size() + " faults observed");
    }
    return Verdict.invalid(name, missed.size() + " of " + outcomes.size() + " faults were never observed:\n"
        + String.join("\n", missed), List.of());
  }

  /** After every heal, every node was Up and reachable again within the bound. */
  static Verdict recovery(List<Nemesis.Outcome> outcomes) {
    String name = "membership(recovery)";
    long bound = MembershipScenario.RECOVERY_BOUND.toSeconds();
    List<String> slow = outcomes.stream().filter(o -> !o.recovered())
        .map(o -> o.step().fault().describe() + ": not all Up and reachable " + bound + " s after the heal").toList();
    if (!slow.isEmpty()) {
      return Verdict.invalid(name, slow.size() + " of " + outcomes.size() + " heals did not recover:\n"
          + String.join("\n", slow), List.of());
    }
    double slowest = outcomes.stream().mapToDouble(o -> (o.recoveredAt() - o.healedAt()) / 1e9).max().orElse(0);
    return Verdict.valid(name, String.format("%d/%d recovered within %d s (slowest %.1f s)",
        outcomes.size(), outcomes.size(), bound, slowest));
  }

  /**
   * Every probe invoked after {@code since} answered ok, seeing all {@code nodes} Up and reachable.
   * A failed probe counts against it too, so raw events are read rather than paired operations.
   */
  static Verdict probesAfter(List<Op> history, long since, int nodes) {
    String name = "membership(probes-after-recovery)";
    long[] counts = countProbesAfter(history, since, nodes);
    if (counts[1] > 0 && counts[0] == counts[1]) {
      return Verdict.valid(name, counts[1] + "/" + counts[1] + " probes after the last recovery saw all "
          + nodes + " Up");
    }
    List<Operation> bad = History.operations(history).stream()
        .filter(op -> op.invokeTime() > since && (op.isInfo() || op.output() == null || op.output().asLong() != nodes))
        .limit(10).toList();
    String why = counts[1] == 0 ? "no probe was invoked after the last recovery"
        : (counts[1] - counts[0]) + " of " + counts[1] + " probes after the last recovery did not see all "
            + nodes + " Up (failed probes are counted but not listed)";
    return Verdict.invalid(name, why, bad);
  }

  /** {good, total} over client operations invoked after {@code since}. */
  static long[] countProbesAfter(List<Op> history, long since, int nodes) {
    Map<String, Long> invokedAt = new HashMap<>();
    long good = 0;
    long total = 0;
    for (Op op : history) {
      if (op.isNemesis()) {
        continue;
      }
      if (op.type() == Op.Type.INVOKE) {
        invokedAt.put(op.process(), op.time());
        continue;
      }
      Long at = invokedAt.remove(op.process());
      if (at != null && at > since) {
        total++;
        if (op.type() == Op.Type.OK && op.value().asLong() == nodes) {
          good++;
        }
      }
    }
    return new long[] {good, total};
  }
}
