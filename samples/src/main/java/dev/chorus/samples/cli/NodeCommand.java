package dev.chorus.samples.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.chorus.consensus.RaftGroupSettings;
import dev.chorus.consensus.kv.RaftKv;
import dev.chorus.core.ChorusConfig;
import dev.chorus.core.ChorusConfigException;
import dev.chorus.core.ChorusNode;
import dev.chorus.samples.http.NodeHttpServer;
import dev.chorus.testkit.control.ControlServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chorus node}: one node in the foreground, with its HTTP API. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = {"Runs one Chorus node in the foreground until Ctrl-C or SIGTERM.",
        "It joins the seeds (or forms a single-node cluster when none is given) and serves",
        "GET /health and GET /cluster/members on its HTTP port."},
    footer = {"", "Examples:",
        "  ./chorus node --port 2551 --http 8551",
        "  ./chorus node --id n2 --port 2552 --http 8552 --seed 127.0.0.1:2551 --seed 127.0.0.1:2552"})
final class NodeCommand implements Callable<Integer> {
  @Option(names = "--id", description = "Stable node id (default: host:port).")
  String id;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Cluster and HTTP host (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", required = true, description = "Cluster (Artery TCP) port, 1-65535.")
  int port;

  @Option(names = "--seed", description = "Seed node host:port; repeat for each. List every member.")
  List<String> seeds = new ArrayList<>();

  @Option(names = "--http", required = true, description = "HTTP port, 1-65535.")
  int httpPort;

  @Option(names = "--data-dir", description = "Data directory (default: chorus-data/<id>).")
  Path dataDir;

  @Option(names = "--raft-kv", split = ",", paramLabel = "ID",
      description = "Run the Raft key-value store with these founding members (node ids, comma-separated; this node's among them) and serve /kv.")
  List<String> raftKv = new ArrayList<>();

  @Override
  public Integer call() {
    if (httpPort < 1 || httpPort > 65535) {
      System.err.println("error: --http " + httpPort + " is out of range: must be between 1 and 65535");
      return Chorus.EXIT_BAD_INPUT;
    }
    ChorusNode node;
    try {
      node = ChorusNode.start(config());
    } catch (ChorusConfigException e) {
      System.err.println("error: " + e.getMessage());
      return Chorus.EXIT_BAD_INPUT;
    }
    Optional<RaftKv> kv;
    try {
      kv = startKv(node);
    } catch (ChorusConfigException | IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      node.system().terminate();
      return Chorus.EXIT_BAD_INPUT;
    }
    try {
      NodeHttpServer.bind(node, host, httpPort, kv).toCompletableFuture().join();
    } catch (CompletionException e) {
      System.err.println("error: cannot serve HTTP on " + host + ":" + httpPort + ": " + e.getCause());
      node.system().terminate();
      return Chorus.EXIT_BAD_INPUT;
    }
    ControlServer.startIfRequested(node);
    System.out.printf("node %s: cluster %s, http http://%s:%d, data %s%n", node.nodeId(),
        node.selfAddress(), host, httpPort, node.dataDir().toAbsolutePath());
    node.whenTerminated().toCompletableFuture().join();
    return node.wasDowned() ? ChorusNode.EXIT_STATUS_DOWNED : 0;
  }

  private Optional<RaftKv> startKv(ChorusNode node) {
    if (raftKv.isEmpty()) {
      return Optional.empty();
    }
    if (!raftKv.contains(node.nodeId())) {
      throw new IllegalArgumentException("--raft-kv " + String.join(",", raftKv) + " does not name this node ("
          + node.nodeId() + "); list every founding member, this one included");
    }
    RaftGroupSettings settings = RaftGroupSettings.fromConfig(node.system().settings().config());
    return Optional.of(RaftKv.start(node, Set.copyOf(raftKv), settings));
  }

  private Config config() {
    Map<String, Object> m = new HashMap<>();
    if (id != null) {
      m.put("chorus.node.id", id);
    }
    m.put("chorus.node.host", host);
    m.put("chorus.node.port", port);
    m.put("chorus.node.seed-nodes", seeds);
    if (dataDir != null) {
      m.put("chorus.node.data-dir", dataDir.toString());
    }
    return ConfigFactory.parseMap(m, "command line").withFallback(ChorusConfig.application());
  }
}
