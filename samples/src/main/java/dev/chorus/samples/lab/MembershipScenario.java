package dev.chorus.samples.lab;

import dev.chorus.core.MemberView;
import dev.chorus.samples.cli.Chorus;
import dev.chorus.samples.cli.NodeArgs;
import dev.chorus.samples.http.MembersProbe;
import dev.chorus.testkit.cluster.JvmCluster;
import dev.chorus.testkit.cluster.JvmNodeSpec;
import dev.chorus.testkit.history.HistoryWriter;
import dev.chorus.testkit.nemesis.FaultKind;
import dev.chorus.testkit.nemesis.NemesisSchedule;
import dev.chorus.testkit.workload.Workload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Membership under every fault kind: clients probe each node's {@code /cluster/members} while the
 * nemesis partitions, kills, pauses and skews. It passes only if every fault observably happened,
 * every node was Up and reachable again within the bound after each heal (the same process or a
 * restarted incarnation), and every probe after the last recovery succeeded and saw all nodes.
 */
public final class MembershipScenario implements LabScenario {
  static final Duration RECOVERY_BOUND = Duration.ofSeconds(45);
  private static final Duration TAIL = Duration.ofSeconds(5);

  @Override
  public String name() {
    return "membership";
  }

  @Override
  public String description() {
    return "membership probes under partitions, kill -9, pauses and clock skew; every node back after each heal";
  }

  @Override
  public Duration defaultDuration() {
    return Duration.ofSeconds(155);
  }

  @Override
  public LabVerdict run(long seed, int nodes, Duration duration, Path out, Consumer<String> progress) throws Exception {
    NemesisSchedule schedule = plan(seed, nodes, duration, defaultDuration(), progress);
    Path history = out.resolve("history.jsonl");
    MembersProbe probe = new MembersProbe();
    try (JvmCluster cluster = JvmCluster.builder(Chorus.class.getName()).nodes(nodes)
            .workDir(out.resolve("nodes")).args(NodeArgs::of).start();
        HistoryWriter writer = new HistoryWriter(history)) {
      FaultedRun.form(cluster, nodes, progress);
      Workload.Spec spec = new Workload.Spec("members", null, nodes, 4, duration.plus(RECOVERY_BOUND).plus(TAIL));
      FaultedRun.Result run = FaultedRun.run(cluster, writer, schedule, RECOVERY_BOUND, TAIL, progress,
          stop -> Workload.run(spec, client -> probe(probe, cluster, client), writer,
              elapsed -> everyTenSeconds(elapsed, duration, progress), stop));
      progress.accept("checking ...");
      return MembershipCheck.verdict(name(), nodes, run.outcomes(), run.counts(), history, out.resolve("nodes"));
    }
  }

  /**
   * The fault schedule for a run, every fault kind once before any twice; says which kinds a
   * short {@code duration} leaves out.
   */
  static NemesisSchedule plan(long seed, int nodes, Duration duration, Duration fitsAll, Consumer<String> progress) {
    NemesisSchedule schedule = NemesisSchedule.plan(seed, nodes, duration, Arrays.asList(FaultKind.values()));
    progress.accept("schedule (seed " + seed + "):\n  " + schedule.render().strip().replace("\n", "\n  "));
    if (!schedule.skipped().isEmpty()) {
      progress.accept("--duration " + duration.toSeconds() + "s is too short for: "
          + schedule.skipped().stream().map(FaultKind::label).toList() + " (default " + fitsAll.toSeconds() + "s fits all)");
    }
    return schedule;
  }

  private static long lastReported = -1;

  private static void everyTenSeconds(Duration elapsed, Duration duration, Consumer<String> progress) {
    long tens = elapsed.toSeconds() / 10;
    if (tens != lastReported) {
      lastReported = tens;
      progress.accept("workload " + elapsed.toSeconds() + "/" + duration.toSeconds() + " s");
    }
  }

  private static Workload.Outcome probe(MembersProbe probe, JvmCluster cluster, int client) {
    JvmNodeSpec spec = cluster.node(client % cluster.nodes().size()).spec();
    Optional<List<MemberView>> members = probe.members(spec.httpPort());
    if (members.isEmpty()) {
      return Workload.Outcome.fail("no answer", spec.id());
    }
    long upAndReachable = members.get().stream().filter(m -> m.status().equals("Up") && m.reachable()).count();
    return Workload.Outcome.ok(upAndReachable, spec.id());
  }
}
