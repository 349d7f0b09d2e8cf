package dev.chorus.samples.lab;

import dev.chorus.testkit.history.HistoryReader;
import dev.chorus.testkit.history.Op;
import dev.chorus.testkit.nemesis.Nemesis;
import dev.chorus.testkit.workload.Workload;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
    List<String> checks = new ArrayList<>();
    long observed = outcomes.stream().filter(Nemesis.Outcome::observed).count();
    long recovered = outcomes.stream().filter(Nemesis.Outcome::recovered).count();
    double maxRecovery = outcomes.stream().filter(Nemesis.Outcome::recovered)
        .mapToDouble(o -> (o.recoveredAt() - o.healedAt()) / 1e9).max().orElse(0);
    checks.add("membership check: faults observed " + observed + "/" + outcomes.size());
    checks.add(String.format("recovered within %ds %d/%d (slowest %.1f s)",
        MembershipScenario.RECOVERY_BOUND.toSeconds(), recovered, outcomes.size(), maxRecovery));
    outcomes.stream().filter(o -> !o.observed() || !o.recovered())
        .forEach(o -> checks.add("  " + o.step().fault().describe() + ": " + o.observation()
            + (o.recovered() ? "" : "; did not recover")));
    long lastRecovery = outcomes.stream().mapToLong(o -> Math.max(o.recoveredAt(), o.healedAt())).max().orElse(0);
    long[] probes = probesAfter(HistoryReader.read(history), lastRecovery, nodes);
    checks.add("probes after the last recovery seeing all " + nodes + " Up: " + probes[0] + "/" + probes[1]);
    boolean passed = observed == outcomes.size() && recovered == outcomes.size()
        && probes[1] > 0 && probes[0] == probes[1];
    return new LabVerdict(scenario, outcomes.size() + " injected, " + observed + " observed",
        counts.ok(), counts.fail(), counts.info(), checks, passed, history, logs);
  }

  /** {good, total} over client operations invoked after {@code since}. */
  static long[] probesAfter(List<Op> history, long since, int nodes) {
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
