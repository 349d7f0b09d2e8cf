package dev.chorus.benchmarks.kv;

import dev.chorus.samples.cli.Chorus;
import dev.chorus.samples.cli.NodeArgs;
import dev.chorus.testkit.cluster.JvmCluster;
import dev.chorus.testkit.cluster.JvmNodeSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Three (or more) {@code chorus node --raft-kv} JVMs on loopback, with the production defaults:
 * no testkit timings, no fault injection, the file journal with fsync on.
 */
final class ChorusCluster implements AutoCloseable {
  private static final Duration LEADER_BOUND = Duration.ofSeconds(120);
  private final JvmCluster cluster;
  private final LeaderProbe probe = new LeaderProbe();

  private ChorusCluster(JvmCluster cluster) {
    this.cluster = cluster;
  }

  /** Launches the nodes; returns at once (see {@link #awaitLeader}). */
  static ChorusCluster start(int nodes, Path workDir, List<String> jvmOptions) {
    return new ChorusCluster(JvmCluster.builder(Chorus.class.getName()).nodes(nodes).workDir(workDir)
        .jvmOptions(jvmOptions).systemProperties(List.of()).faultInjection(false).restartOnExit(false)
        .args(ChorusCluster::args).start());
  }

  private static List<String> args(JvmNodeSpec spec, List<JvmNodeSpec> all) {
    List<String> args = new ArrayList<>(NodeArgs.of(spec, all));
    args.add("--raft-kv");
    args.add(all.stream().map(JvmNodeSpec::id).collect(Collectors.joining(",")));
    return args;
  }

  JvmCluster nodes() {
    return cluster;
  }

  int httpPort(int i) {
    return cluster.node(i).spec().httpPort();
  }

  /** The node that says it leads, if exactly one of the live ones does and the others agree. */
  OptionalInt agreedLeader(List<Integer> live) {
    OptionalInt leader = OptionalInt.empty();
    String leaderId = null;
    for (int i : live) {
      Optional<LeaderProbe.View> v = probe.chorus(httpPort(i));
      if (v.isEmpty() || v.get().leader().isEmpty()) {
        return OptionalInt.empty();
      }
      if (leaderId != null && !leaderId.equals(v.get().leader().get())) {
        return OptionalInt.empty();
      }
      leaderId = v.get().leader().get();
      if (v.get().isLeader()) {
        leader = OptionalInt.of(i);
      }
    }
    return leader;
  }

  /** Waits (bounded) until every live node agrees on a leader among them; its index. */
  int awaitLeader(List<Integer> live) throws InterruptedException {
    long deadline = System.nanoTime() + LEADER_BOUND.toNanos();
    while (System.nanoTime() < deadline) {
      OptionalInt leader = agreedLeader(live);
      if (leader.isPresent()) {
        return leader.getAsInt();
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("no agreed leader among nodes " + live + " within " + LEADER_BOUND
        + "; see the node logs under " + cluster.node(0).spec().logFile().getParent().getParent());
  }

  LeaderProbe probe() {
    return probe;
  }

  @Override
  public void close() {
    cluster.close();
  }
}
