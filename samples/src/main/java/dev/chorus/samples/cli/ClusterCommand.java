package dev.chorus.samples.cli;

import dev.chorus.samples.http.MembersProbe;
import dev.chorus.testkit.cluster.JvmCluster;
import dev.chorus.testkit.cluster.JvmClusterBuilder;
import dev.chorus.testkit.cluster.JvmNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chorus cluster}: a local cluster of N node JVMs, supervised until Ctrl-C or SIGTERM. */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = {"Starts a local cluster of N nodes, one JVM each, on 127.0.0.1.",
        "Waits until every node sees every node Up, prints a table, and stays up until Ctrl-C or",
        "SIGTERM, then stops every node. A node that exits (for example because the cluster",
        "downed it) is restarted with the same id, ports and data directory."},
    footer = {"", "Examples:",
        "  ./chorus cluster --nodes 3",
        "  ./chorus cluster --nodes 5 --work-dir /tmp/chorus"})
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

  private final MembersProbe probe = new MembersProbe();

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
    System.out.printf("Starting %d nodes under %s ...%n", nodes, workDir.toAbsolutePath());
    JvmClusterBuilder builder = JvmCluster.builder(Chorus.class.getName())
        .nodes(nodes)
        .workDir(workDir)
        .faultInjection(false)
        .args(NodeArgs::of);
    if (!jvmOptions.isEmpty()) {
      builder.jvmOptions(jvmOptions);
    }
    JvmCluster cluster = builder.start();
    try {
      cluster.awaitReady(n -> probe.seesAllUp(n.spec().httpPort(), nodes), timeout);
    } catch (IllegalStateException e) {
      System.err.println("error: " + e.getMessage());
      cluster.close();
      return 1;
    }
    printTable(cluster);
    cluster.onRestart((node, status) -> reportRestart(cluster, node, status));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("Stopping the cluster ...")));
    System.out.println("Cluster of " + nodes + " nodes is Up. Press Ctrl-C to stop it.");
    new CountDownLatch(1).await();
    return 0;
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
