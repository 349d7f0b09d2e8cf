package dev.chorus.benchmarks.cluster;

import dev.chorus.core.MemberView;
import dev.chorus.testkit.cluster.JvmCluster;
import dev.chorus.testkit.cluster.JvmClusterBuilder;
import dev.chorus.testkit.node.TestNodeMain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * How long membership takes to notice faults on this machine: forming a 3- and a 5-node
 * JvmCluster, and, for one node isolated from the rest, the time from the partition until every
 * node sees the cut as unreachable and from the heal until every node sees all reachable again.
 * Runs each with the testkit's timings and with the production defaults.
 *
 * <p>Run: {@code java -cp "benchmarks/target/chorus-benchmarks.jar:benchmarks/target/lib/*"
 * dev.chorus.benchmarks.cluster.ClusterFaultTimings [rounds]}
 */
public final class ClusterFaultTimings {
  private static final long BOUND_NANOS = 120_000_000_000L;

  private ClusterFaultTimings() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    System.out.println("| settings | nodes | form (s) | partition -> unreachable (s) | heal -> reachable (s) |");
    System.out.println("|---|---|---|---|---|");
    for (boolean production : new boolean[] {false, true}) {
      for (int nodes : new int[] {3, 5}) {
        measure(nodes, rounds, production);
      }
    }
  }

  private static void measure(int n, int rounds, boolean production) {
    JvmClusterBuilder builder = JvmCluster.builder(TestNodeMain.class.getName()).nodes(n)
        .workDir(Path.of("target", "bench-cluster", n + (production ? "-prod" : "-test")))
        .args(TestNodeMain::args);
    if (production) {
      builder.systemProperties(List.of());
    }
    long start = System.nanoTime();
    try (JvmCluster cluster = builder.start()) {
      await(() -> allSee(cluster, true), "formed");
      double form = seconds(start);
      List<Double> cut = new ArrayList<>();
      List<Double> heal = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        int isolated = r % n;
        Set<Integer> rest = IntStream.range(0, n).filter(i -> i != isolated).boxed().collect(Collectors.toSet());
        long t0 = System.nanoTime();
        cluster.partition(List.of(Set.of(isolated), rest));
        await(() -> cutSeen(cluster, isolated), "partition seen");
        cut.add(seconds(t0));
        long t1 = System.nanoTime();
        cluster.heal();
        await(() -> allSee(cluster, true), "heal seen");
        heal.add(seconds(t1));
      }
      System.out.printf("| %s | %d | %.1f | %s | %s |%n", production ? "production defaults" : "testkit timings",
          n, form, summary(cut), summary(heal));
    }
  }

  private static String summary(List<Double> xs) {
    return String.format("%.1f (min %.1f, max %.1f, %d rounds)", xs.stream().mapToDouble(d -> d).average().orElse(0),
        xs.stream().mapToDouble(d -> d).min().orElse(0), xs.stream().mapToDouble(d -> d).max().orElse(0), xs.size());
  }

  private static boolean cutSeen(JvmCluster cluster, int isolated) {
    String id = cluster.nodeId(isolated);
    for (int i = 0; i < cluster.size(); i++) {
      List<MemberView> ms = safeMembers(cluster, i);
      boolean ok = i == isolated
          ? ms.stream().filter(m -> !m.id().equals(id)).allMatch(m -> !m.reachable()) && ms.size() > 1
          : ms.stream().anyMatch(m -> m.id().equals(id) && !m.reachable());
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean allSee(JvmCluster cluster, boolean reachable) {
    for (int i = 0; i < cluster.size(); i++) {
      List<MemberView> ms = safeMembers(cluster, i);
      if (ms.size() != cluster.size() || !ms.stream().allMatch(m -> m.status().equals("Up") && m.reachable() == reachable)) {
        return false;
      }
    }
    return true;
  }

  private static List<MemberView> safeMembers(JvmCluster cluster, int i) {
    try {
      return cluster.members(i);
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + BOUND_NANOS;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(what + " not within 120 s");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
