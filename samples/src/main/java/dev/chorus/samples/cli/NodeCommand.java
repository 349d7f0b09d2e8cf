package dev.chorus.samples.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.chorus.consensus.RaftGroupSettings;
import dev.chorus.consensus.election.LeaderElection;
import dev.chorus.consensus.kv.RaftKv;
import dev.chorus.core.ChorusConfig;
import dev.chorus.core.ChorusConfigException;
import dev.chorus.core.ChorusNode;
import dev.chorus.core.NodeExtension;
import dev.chorus.core.kv.KvCommand;
import dev.chorus.core.kv.KvResult;
import dev.chorus.replication.leaderfollower.ReplicatedKv;
import dev.chorus.replication.leaderfollower.ReplicatedStore;
import dev.chorus.samples.http.LeaderAddresses;
import dev.chorus.samples.http.NodeHttpServer;
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
    description = "Runs one Chorus node in the foreground until Ctrl-C or SIGTERM. It joins the seeds (or forms "
        + "a single-node cluster when none is given) and serves GET /health and GET /cluster/members on its HTTP "
        + "port, and the stores that --raft-kv and --replicated-kv start.",
    footer = {"", "Examples:",
        "  ./chorus node --port 2551 --http 8551",
        "  ./chorus node --id n2 --port 2552 --http 8552 --seed 127.0.0.1:2551 --seed 127.0.0.1:2552"})
final class NodeCommand implements Callable<Integer> {
  /** The name of the replicated key-value store that {@code --replicated-kv} runs. */
  static final String REPLICATED_STORE = "kv";
  private static final String ROLES = "chorus.node.roles";

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

  @Option(names = "--replicated-kv", split = ",", paramLabel = "ID",
      description = "Run the leader-follower replicated key-value store 'kv' with these replicas (node ids, comma-separated; this node's among them), leading through a lease group on the same nodes, and serve /repl/kv.")
  List<String> replicatedKv = new ArrayList<>();

  @Option(names = "--repl-mode", paramLabel = "MODE",
      description = "The replicated store's write mode: async, semi-sync or sync (default: chorus.replication.mode).")
  String replMode;

  @Option(names = "--repl-semi-sync-followers", paramLabel = "K",
      description = "For semi-sync: how many followers must hold each write (default: chorus.replication.semi-sync-followers).")
  Integer replSemiSyncFollowers;

  @Option(names = "--repl-downgrade", paramLabel = "on|off",
      description = "Whether semi-sync and sync fall back to async after ack-timeout instead of refusing writes (default: chorus.replication.downgrade).")
  String replDowngrade;

  @Option(names = "--follower-apply-delay", paramLabel = "DURATION",
      description = "Lab setting: how long each follower holds its leader's messages, such as 200ms, so that replication lag is visible on loopback (default: 0ms).")
  String followerApplyDelay;

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
    Optional<ReplicatedStore<KvCommand, String, KvResult>> replicated;
    try {
      kv = startKv(node);
      replicated = startReplicatedKv(node);
    } catch (ChorusConfigException | IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      node.system().terminate();
      return Chorus.EXIT_BAD_INPUT;
    }
    try {
      NodeHttpServer.bind(node, host, httpPort, kv, replicated).toCompletableFuture().join();
    } catch (CompletionException e) {
      System.err.println("error: cannot serve HTTP on " + host + ":" + httpPort + ": " + e.getCause());
      node.system().terminate();
      return Chorus.EXIT_BAD_INPUT;
    }
    // The testkit's control channel, when the testkit launched this node; never otherwise.
    NodeExtension.startAll(node);
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

  private Optional<ReplicatedStore<KvCommand, String, KvResult>> startReplicatedKv(ChorusNode node) {
    if (replicatedKv.isEmpty()) {
      return Optional.empty();
    }
    if (!replicatedKv.contains(node.nodeId())) {
      throw new IllegalArgumentException("--replicated-kv " + String.join(",", replicatedKv)
          + " does not name this node (" + node.nodeId() + "); list every replica, this one included");
    }
    Config config = node.system().settings().config();
    LeaderElection election = LeaderElection.start(node.system(), node.nodeId(), LeaderElection.GROUP,
        Set.copyOf(replicatedKv), RaftGroupSettings.forGroup(config, LeaderElection.GROUP));
    return Optional.of(ReplicatedKv.start(node, REPLICATED_STORE, List.copyOf(replicatedKv), election));
  }

  /** The replicated store's settings from the command line, as the configuration keys they stand for. */
  private void replicationFlags(Map<String, Object> m) {
    String store = "chorus.replication.stores." + REPLICATED_STORE + ".";
    if (replMode != null) {
      m.put(store + "mode", replMode);
    }
    if (replSemiSyncFollowers != null) {
      m.put(store + "semi-sync-followers", replSemiSyncFollowers);
    }
    if (replDowngrade != null) {
      m.put(store + "downgrade", replDowngrade);
    }
    if (followerApplyDelay != null) {
      m.put(store + "follower-apply-delay", followerApplyDelay);
    }
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
    replicationFlags(m);
    Config application = ChorusConfig.application();
    // The HTTP address travels in a role, so that any member can name the leader's in a 421.
    List<String> roles = new ArrayList<>(application.hasPath(ROLES) ? application.getStringList(ROLES) : List.of());
    roles.add(LeaderAddresses.role(host, httpPort));
    m.put(ROLES, roles);
    return ConfigFactory.parseMap(m, "command line").withFallback(application);
  }
}
