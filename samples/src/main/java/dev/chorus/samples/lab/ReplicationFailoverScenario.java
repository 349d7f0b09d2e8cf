package dev.chorus.samples.lab;

import dev.chorus.samples.cli.Chorus;
import dev.chorus.testkit.cluster.JvmCluster;
import dev.chorus.testkit.history.HistoryWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The leader-follower store's leader killed with SIGKILL under load, in one write mode
 * ({@link ReplFailover}), and then the next leader isolated by a partition while writes keep
 * coming to it: strict SYNC and SEMI_SYNC(k = ⌊n/2⌋) lose no acknowledged write; ASYNC reports
 * how many it lost, which the replicas' own count must match (give or take the adds whose clients
 * saw no answer, which the store may have acknowledged). (On loopback an ASYNC leader killed
 * under load has almost never acknowledged a write that no follower holds; an isolated one keeps
 * acknowledging until its lease runs out, so the isolation is what shows ASYNC's losses.)
 */
public final class ReplicationFailoverScenario implements LabScenario {
  private final ReplFailover.Mode mode;

  /** The scenario for {@code mode}. */
  ReplicationFailoverScenario(ReplFailover.Mode mode) {
    this.mode = mode;
  }

  @Override
  public String name() {
    return "failover-" + mode.label;
  }

  @Override
  public String description() {
    return "kill -9, then isolation, of the leader-follower store's leader under load, " + mode.label + " mode: "
        + (mode.losesNothing ? "no acknowledged write lost" : "the writes it loses equal the store's lostAcknowledged");
  }

  @Override
  public Duration defaultDuration() {
    return Duration.ofSeconds(20);
  }

  @Override
  public LabVerdict run(long seed, int nodes, Duration duration, Path out, Consumer<String> progress) throws Exception {
    Path history = out.resolve("history.jsonl");
    Duration third = duration.dividedBy(3);
    ReplFailover.Settings settings = new ReplFailover.Settings(third, third, third, true, false, false, false);
    try (JvmCluster cluster = JvmCluster.builder(Chorus.class.getName()).nodes(nodes)
            .workDir(out.resolve("nodes")).args((spec, all) -> ReplReplicas.args(spec, all, mode.flags(nodes)))
            .start();
        HistoryWriter writer = new HistoryWriter(history)) {
      FaultedRun.form(cluster, nodes, progress);
      ReplFailover.Result r = ReplFailover.run(cluster, mode, settings, writer, progress);
      progress.accept(r.acknowledged() + " adds acknowledged; " + r.lostByChecker() + " of them lost by the checker's"
          + " count, " + r.lostCounted() + " by the store's");
      return new LabVerdict(name(), r.faults(), r.counts().ok(), r.counts().fail(), r.counts().info(), r.checks(),
          history, out.resolve("nodes"));
    }
  }
}
