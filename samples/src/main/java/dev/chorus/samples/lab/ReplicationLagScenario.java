package dev.chorus.samples.lab;

import dev.chorus.samples.cli.Chorus;
import dev.chorus.testkit.check.SessionGuarantees;
import dev.chorus.testkit.check.SessionGuarantees.Guarantee;
import dev.chorus.testkit.check.Verdict;
import dev.chorus.testkit.check.Versions;
import dev.chorus.testkit.cluster.JvmCluster;
import dev.chorus.testkit.cluster.JvmNodeSpec;
import dev.chorus.testkit.history.HistoryReader;
import dev.chorus.testkit.history.HistoryWriter;
import dev.chorus.testkit.history.Op;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Replication lag made visible: the leader-follower store in ASYNC mode, its followers holding each
 * message from the leader 100, 400 or 700 ms (by node), so that they lag apart. Clients write a few
 * keys at the leader and read them at the followers. First with {@code consistency=eventual} and no
 * token: the session checker must find read-your-writes and monotonic-read violations (expected,
 * "reproduced"). Then the same workload carrying session tokens with {@code consistency=session}: it must
 * find none of the four guarantees broken (docs/replication.md, "Reads and session tokens").
 */
public final class ReplicationLagScenario implements LabScenario {
  private static final Versions VERSIONS = Versions.field("version");

  @Override
  public String name() {
    return "replication-lag";
  }

  @Override
  public String description() {
    return "follower reads of the leader-follower store: eventual reads break read-your-writes and monotonic "
        + "reads; session tokens keep all four session guarantees";
  }

  @Override
  public Duration defaultDuration() {
    return Duration.ofSeconds(30);
  }

  /** Each node's follower delay: different, so that reads at two followers can go back in time. */
  static List<String> args(JvmNodeSpec spec, List<JvmNodeSpec> all) {
    List<String> flags = List.of("--repl-mode", "async", "--follower-apply-delay", delayMillis(spec, all) + "ms");
    return ReplReplicas.args(spec, all, flags);
  }

  private static long delayMillis(JvmNodeSpec spec, List<JvmNodeSpec> all) {
    return 100L + 300L * all.indexOf(spec);
  }

  @Override
  public LabVerdict run(long seed, int nodes, Duration duration, Path out, Consumer<String> progress) throws Exception {
    Path history = out.resolve("history.jsonl");
    try (JvmCluster cluster = JvmCluster.builder(Chorus.class.getName()).nodes(nodes)
            .workDir(out.resolve("nodes")).args(ReplicationLagScenario::args).start();
        HistoryWriter writer = new HistoryWriter(history)) {
      FaultedRun.form(cluster, nodes, progress);
      ReplHttpClient http = new ReplHttpClient();
      ReplReplicas replicas = new ReplReplicas(cluster, http);
      ReplReplicas.Leader leader = replicas.awaitLeader(replicas.all());
      progress.accept(cluster.nodeId(leader.node()) + " leads; followers hold the leader's messages for "
          + cluster.nodes().stream().map(n -> n.id() + " " + delayMillis(n.spec(), specs(cluster)) + " ms").toList());
      Duration half = duration.dividedBy(2);
      LagClients eventual = new LagClients(cluster, http, leader.node(), LagClients.Reads.EVENTUAL, seed);
      progress.accept("eventual reads, no session token, for " + half.toSeconds() + " s ...");
      var eventualCounts = eventual.run(writer, half);
      LagClients session = new LagClients(cluster, http, leader.node(), LagClients.Reads.SESSION, seed);
      progress.accept("session reads carrying each client's token, for " + half.toSeconds() + " s ...");
      var sessionCounts = session.run(writer, half);
      progress.accept("checking ...");
      List<Op> events = HistoryReader.read(history);
      List<Verdict> checks = List.of(expectViolations(phase(events, LagClients.Reads.EVENTUAL)),
          SessionGuarantees.all(VERSIONS).check(phase(events, LagClients.Reads.SESSION)));
      return new LabVerdict(name(), "none; lag 100-" + (100 + 300 * (nodes - 1)) + " ms", eventualCounts.ok() + sessionCounts.ok(),
          eventualCounts.fail() + sessionCounts.fail(), eventualCounts.info() + sessionCounts.info(), checks, history,
          out.resolve("nodes"));
    }
  }

  private static List<JvmNodeSpec> specs(JvmCluster cluster) {
    return cluster.nodes().stream().map(n -> n.spec()).toList();
  }

  private static List<Op> phase(List<Op> events, LagClients.Reads reads) {
    return events.stream().filter(e -> !e.isNemesis() && e.key() != null && e.key().startsWith(reads.keyPrefix))
        .toList();
  }

  /**
   * The eventual phase's verdict: valid when the checker found both read-your-writes and
   * monotonic-read violations, as it must where followers lag and reads carry no token.
   */
  static Verdict expectViolations(List<Op> eventualPhase) {
    long ryw = violations(SessionGuarantees.of(VERSIONS, Guarantee.READ_YOUR_WRITES).check(eventualPhase));
    long monotonic = violations(SessionGuarantees.of(VERSIONS, Guarantee.MONOTONIC_READS).check(eventualPhase));
    String checker = "session-guarantees(eventual reads, violations expected)";
    String found = ryw + " read-your-writes and " + monotonic + " monotonic-read violations";
    return ryw > 0 && monotonic > 0 ? Verdict.valid(checker, "reproduced: " + found)
        : Verdict.invalid(checker, "not reproduced: " + found + "; lagging followers should show both", List.of());
  }

  /** How many violations an invalid verdict of the session checker reports ("N violations:"). */
  static long violations(Verdict v) {
    if (v.validity() != Verdict.Validity.INVALID) {
      return 0;
    }
    return Long.parseLong(v.explanation().split(" ", 2)[0]);
  }
}
