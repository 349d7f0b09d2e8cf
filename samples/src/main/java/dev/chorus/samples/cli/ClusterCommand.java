package dev.chorus.samples.cli;

import dev.chorus.samples.http.MembersProbe;
import dev.chorus.samples.http.StoresProbe;
import dev.chorus.testkit.cluster.JvmCluster;
import dev.chorus.testkit.cluster.JvmClusterBuilder;
import dev.chorus.testkit.cluster.JvmNode;
import dev.chorus.testkit.cluster.JvmNodeSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chorus cluster}: a local cluster of N node JVMs, supervised until Ctrl-C or SIGTERM. */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = {"Starts a local cluster of N nodes, one JVM each, on 127.0.0.1, each serving the Raft "
        + "key-value store and the leader-follower key-value store (see --stores).",
        "Waits until every node sees every node Up and every store has a leader, prints a table of the nodes "
        + "and of each store's endpoint, and stays up until Ctrl-C or SIGTERM, then stops every node. A node "
        + "that exits (for example because the cluster downed it) is restarted with the same id, ports and "
        + "data directory."},
    footer = {"", "Examples:",
        "  ./chorus cluster --nodes 3",
        "  ./chorus cluster --nodes 5 --work-dir /tmp/chorus",
        "  ./chorus cluster --nodes 3 --stores raft-kv"})
final class ClusterCommand implements Callable<Integer> {
  @Option(names = "--nodes", defaultValue = "3", description = "Number of nodes, 1-9 (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--work-dir", defaultValue = "target/chorus-cluster",
      description = "Where each node keeps <id>/data and <id>/node.log (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(names = "--jvm-opt", description = "A JVM flag for every node, replacing the small defaults; repeatable.")
  List<String> jvmOptions = new ArrayList<>();

  @Option(names = "--up-timeout", defaultValue = "120s",
      description = "How long to wait for every node to be Up (default: ${DEFAULT-VALUE}).")
  String upTimeout;

  @Option(names = "--stores", split = ",", defaultValue = "raft-kv,replicated-kv", paramLabel = "STORE",
      description = "The stores every node runs, comma-separated: raft-kv (served at /kv/{key}), replicated-kv "
          + "(the leader-follower store kv, at /repl/kv/kv/{key}), or none (default: ${DEFAULT-VALUE}).")
  List<String> storeNames = new ArrayList<>();

  private final MembersProbe probe = new MembersProbe();
  private final StoresProbe storesProbe = new StoresProbe();
  private List<ClusterStore> stores = List.of();

  @Override
  public Integer call() throws InterruptedException {
    if (nodes < 1 || nodes > 9) {
      System.err.println("error: --nodes " + nodes + " is out of range: must be between 1 and 9");
      return Chorus.EXIT_BAD_INPUT;
    }
    Duration timeout;
    try {
      timeout = Duration.parse("PT" + upTimeout.toUpperCase());
    } catch (RuntimeException e) {
      System.err.println("error: --up-timeout '" + upTimeout + "' is not a duration such as 90s or 2m");
      return Chorus.EXIT_BAD_INPUT;
    }
    Optional<List<ClusterStore>> chosen = stores(storeNames);
    if (chosen.isEmpty()) {
      System.err.println("error: --stores " + String.join(",", storeNames) + " names an unknown store: use "
          + String.join(", ", ClusterStore.labels()) + ", or none");
      return Chorus.EXIT_BAD_INPUT;
    }
    stores = chosen.get();
    System.out.printf("Starting %d nodes under %s ...%n", nodes, workDir.toAbsolutePath());
    JvmClusterBuilder builder = JvmCluster.builder(Chorus.class.getName())
        .nodes(nodes)
        .workDir(workDir)
        .faultInjection(false)
        .args((spec, all) -> args(spec, all, stores));
    if (!jvmOptions.isEmpty()) {
      builder.jvmOptions(jvmOptions);
    }
    JvmCluster cluster = builder.start();
    try {
      cluster.awaitReady(n -> probe.seesAllUp(n.spec().httpPort(), nodes), timeout);
      awaitLeaders(cluster, timeout);
    } catch (IllegalStateException e) {
      System.err.println("error: " + e.getMessage());
      cluster.close();
      return 1;
    }
    printTable(cluster);
    printExamples(cluster);
    cluster.onRestart((node, status) -> reportRestart(cluster, node, status));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("Stopping the cluster ...")));
    System.out.println("Cluster of " + nodes + " nodes is Up. Press Ctrl-C to stop it.");
    new CountDownLatch(1).await();
    return 0;
  }

  /** The stores {@code names} lists, empty for {@code none}; empty if one is unknown. */
  static Optional<List<ClusterStore>> stores(List<String> names) {
    if (names.size() == 1 && names.get(0).trim().equalsIgnoreCase("none")) {
      return Optional.of(List.of());
    }
    List<ClusterStore> chosen = new ArrayList<>();
    for (String name : names) {
      Optional<ClusterStore> store = ClusterStore.named(name);
      if (store.isEmpty()) {
        return Optional.empty();
      }
      if (!chosen.contains(store.get())) {
        chosen.add(store.get());
      }
    }
    return Optional.of(chosen);
  }

  /**
   * The {@code chorus node} arguments of {@code spec}: every store on every node. A single node
   * writes its replicated store in async mode, since no follower could hold a semi-sync write.
   */
  static List<String> args(JvmNodeSpec spec, List<JvmNodeSpec> all, List<ClusterStore> stores) {
    List<String> args = new ArrayList<>(NodeArgs.of(spec, all));
    String ids = all.stream().map(JvmNodeSpec::id).collect(Collectors.joining(","));
    for (ClusterStore store : stores) {
      args.add(store.flag());
      args.add(ids);
    }
    if (stores.contains(ClusterStore.REPLICATED_KV) && all.size() == 1) {
      args.add("--repl-mode");
      args.add("async");
    }
    return args;
  }

  // Every node agrees on one leader for every store: the endpoints the table prints then answer.
  private void awaitLeaders(JvmCluster cluster, Duration timeout) throws InterruptedException {
    for (ClusterStore store : stores) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!agreedLeader(cluster, store) && System.nanoTime() < deadline) {
        Thread.sleep(250);
      }
      if (!agreedLeader(cluster, store)) {
        throw new IllegalStateException("the " + store.label() + " store has no leader that every node sees within "
            + timeout + "; the nodes' logs: " + cluster.nodes().stream().map(n -> n.spec().logFile().toString()).toList());
      }
    }
  }

  private boolean agreedLeader(JvmCluster cluster, ClusterStore store) {
    Set<String> seen = new HashSet<>();
    for (JvmNode n : cluster.nodes()) {
      seen.add(storesProbe.leader(n.spec().httpPort(), store.statusPath()).orElse(""));
    }
    return seen.size() == 1 && !seen.contains("");
  }

  private void printTable(JvmCluster cluster) {
    String format = "%-5s %-8s %-34s %-24s %s%n";
    System.out.printf(format, "NODE", "PID", "PEKKO ADDRESS", "HTTP", "STATUS");
    for (JvmNode n : cluster.nodes()) {
      String status = probe.members(n.spec().httpPort())
          .flatMap(ms -> ms.stream().filter(m -> m.id().equals(n.id())).findFirst())
          .map(m -> m.status() + (m.reachable() ? "" : " (unreachable)"))
          .orElse("not answering");
      System.out.printf(format, n.id(), n.pid().isPresent() ? n.pid().getAsLong() : "-",
          "pekko://chorus@127.0.0.1:" + n.spec().clusterPort(),
          "http://127.0.0.1:" + n.spec().httpPort(), status);
    }
    if (stores.isEmpty()) {
      return;
    }
    String storeFormat = "%-14s %-8s %s%n";
    System.out.println();
    System.out.printf(storeFormat, "STORE", "LEADER", "ENDPOINT (any node; a follower answers 421 with leaderUrl)");
    for (ClusterStore store : stores) {
      Optional<JvmNode> leader = leader(cluster, store);
      System.out.printf(storeFormat, store.label(), leader.map(JvmNode::id).orElse("none yet"),
          "http://127.0.0.1:" + leader.orElse(cluster.nodes().get(0)).spec().httpPort() + store.keyPath() + "{key}");
    }
  }

  private Optional<JvmNode> leader(JvmCluster cluster, ClusterStore store) {
    Optional<String> id = storesProbe.leader(cluster.nodes().get(0).spec().httpPort(), store.statusPath());
    return id.flatMap(i -> cluster.nodes().stream().filter(n -> n.id().equals(i)).findFirst());
  }

  private void printExamples(JvmCluster cluster) {
    if (stores.isEmpty()) {
      return;
    }
    ClusterStore store = stores.get(0);
    String url = "http://127.0.0.1:" + leader(cluster, store).orElse(cluster.nodes().get(0)).spec().httpPort()
        + store.keyPath() + "greeting";
    System.out.println();
    System.out.println("Try:");
    System.out.println("  curl -X PUT --data-binary hello " + url);
    System.out.println("  curl " + url);
  }

  private void reportRestart(JvmCluster cluster, JvmNode node, int status) {
    System.out.printf("%s exited with status %d and was restarted (restart #%d, log %s)%n",
        node.id(), status, node.restarts(), node.spec().logFile());
    Thread waiter = new Thread(() -> {
      try {
        cluster.awaitReady(n -> probe.seesAllUp(n.spec().httpPort(), nodes), Duration.ofMinutes(2));
        System.out.println("All " + nodes + " nodes are Up again:");
        printTable(cluster);
      } catch (IllegalStateException e) {
        System.out.println("warning: " + e.getMessage());
      }
    }, "await-up-after-restart");
    waiter.setDaemon(true);
    waiter.start();
  }
}
