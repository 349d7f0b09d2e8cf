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
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * Three (or more) {@code chorus node --raft-kv} JVMs on loopback, with the production defaults:
 * no testkit timings, no fault injection, the file journal with fsync on. Extra node flags (such as
 * {@code --replicated-kv}) run other stores in the same JVMs beside the Raft KV.
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
    return start(nodes, workDir, jvmOptions, ids -> List.of());
  }

  /**
   * Launches the nodes with {@code extraArgs} (given every node id, comma-separated) after
   * {@code --raft-kv}; returns at once.
   */
  static ChorusCluster start(int nodes, Path workDir, List<String> jvmOptions,
      Function<String, List<String>> extraArgs) {
    return new ChorusCluster(JvmCluster.builder(Chorus.class.getName()).nodes(nodes).workDir(workDir)
        .jvmOptions(jvmOptions).systemProperties(List.of()).faultInjection(false).restartOnExit(false)
        .args((spec, all) -> args(spec, all, extraArgs)).start());
  }

  private static List<String> args(JvmNodeSpec spec, List<JvmNodeSpec> all,
      Function<String, List<String>> extraArgs) {
    List<String> args = new ArrayList<>(NodeArgs.of(spec, all));
    String ids = all.stream().map(JvmNodeSpec::id).collect(Collectors.joining(","));
    args.add("--raft-kv");
    args.add(ids);
    args.addAll(extraArgs.apply(ids));
    return args;
  }

  JvmCluster nodes() {
    return cluster;
  }

  int httpPort(int i) {
    return cluster.node(i).spec().httpPort();
  }

  /** The node that says it leads the Raft KV, if exactly one of the live ones does and the others agree. */
  OptionalInt agreedLeader(List<Integer> live) {
    return agreedLeader(live, i -> probe.chorus(httpPort(i)));
  }

  /** The node that says it leads, in each node's {@code view}, if exactly one does and the others agree. */
  private OptionalInt agreedLeader(List<Integer> live, IntFunction<Optional<LeaderProbe.View>> view) {
    OptionalInt leader = OptionalInt.empty();
    String leaderId = null;
    for (int i : live) {
      Optional<LeaderProbe.View> v = view.apply(i);
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

  /** Waits (bounded) until every live node agrees on a Raft KV leader among them; its index. */
  int awaitLeader(List<Integer> live) throws InterruptedException {
    return awaitLeader(live, i -> probe.chorus(httpPort(i)));
  }

  /** Waits (bounded) until every live node agrees on a leader of the replicated store {@code store}; its index. */
  int awaitReplicatedLeader(List<Integer> live, String store) throws InterruptedException {
    return awaitLeader(live, i -> probe.replicated(httpPort(i), store));
  }

  private int awaitLeader(List<Integer> live, IntFunction<Optional<LeaderProbe.View>> view) throws InterruptedException {
    long deadline = System.nanoTime() + LEADER_BOUND.toNanos();
    while (System.nanoTime() < deadline) {
      OptionalInt leader = agreedLeader(live, view);
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
