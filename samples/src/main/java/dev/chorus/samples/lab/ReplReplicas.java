package dev.chorus.samples.lab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.samples.cli.NodeArgs;
import dev.chorus.testkit.cluster.JvmCluster;
import dev.chorus.testkit.cluster.JvmClusterReport;
import dev.chorus.testkit.cluster.JvmNodeSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The replicas of the leader-follower store on a cluster of sample nodes, seen through their
 * {@code GET /repl/kv} status: who leads in which epoch, whether they have settled, and how many
 * acknowledged writes they count as lost. Every wait is bounded and fails with what it last saw.
 */
final class ReplReplicas {
  static final Duration ELECTION_BOUND = Duration.ofSeconds(30);
  /** Long enough for a restarted node JVM to join the cluster and catch up. */
  static final Duration SETTLE_BOUND = Duration.ofSeconds(60);
  /** How far behind a follower may be and still count as caught up while writes keep coming. */
  static final long NEAR_OFFSETS = 50;
  private static final long POLL_MILLIS = 100;
  /** How many of each node's notable log lines a failed wait reports. */
  private static final int REPORT_LINES = 40;

  private final JvmCluster cluster;
  private final ReplHttpClient http;

  /** A leader: its node index and epoch. */
  record Leader(int node, long epoch) {}

  ReplReplicas(JvmCluster cluster, ReplHttpClient http) {
    this.cluster = cluster;
    this.http = http;
  }

  /** The arguments of a sample node that runs the store on every node, with {@code storeFlags}. */
  static List<String> args(JvmNodeSpec spec, List<JvmNodeSpec> all, List<String> storeFlags) {
    List<String> args = new ArrayList<>(NodeArgs.of(spec, all));
    args.add("--replicated-kv");
    args.add(all.stream().map(JvmNodeSpec::id).collect(Collectors.joining(",")));
    args.addAll(storeFlags);
    return args;
  }

  /** The status of every node among {@code among} that answers. */
  Map<Integer, JsonNode> statuses(Set<Integer> among) throws InterruptedException {
    Map<Integer, JsonNode> seen = new TreeMap<>();
    for (int i : among) {
      Optional<JsonNode> s = http.status(cluster.node(i).spec().httpPort());
      s.ifPresent(status -> seen.put(i, status));
    }
    return seen;
  }

  /**
   * The node among {@code among} that leads in the highest epoch any of them knows, once one does.
   * Waits {@link #ELECTION_BOUND}, and {@link #SETTLE_BOUND} more if a node exited on its own
   * meanwhile: the cluster downed it (Pekko's split-brain resolver may down healthy nodes on a
   * killed node's last, stale suspicions), and a store with too few replicas left must wait for
   * its new incarnation to rejoin.
   */
  Leader awaitLeader(Set<Integer> among) throws InterruptedException {
    long start = System.nanoTime();
    int restartsBefore = restarts();
    Map<Integer, JsonNode> seen = Map.of();
    while (System.nanoTime() - start < electionBound(restartsBefore).toNanos()) {
      seen = statuses(among);
      Optional<Leader> leader = leaderOf(seen);
      if (leader.isPresent()) {
        return leader.get();
      }
      TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
    }
    throw new IllegalStateException("no leader among " + names(among) + " within " + electionBound(restartsBefore)
        + "; last statuses: " + seen + JvmClusterReport.of(cluster, REPORT_LINES));
  }

  private Duration electionBound(int restartsBefore) {
    return restarts() == restartsBefore ? ELECTION_BOUND : ELECTION_BOUND.plus(SETTLE_BOUND);
  }

  /** How many times the nodes have been started again after exiting on their own. */
  private int restarts() {
    return IntStream.range(0, cluster.size()).map(i -> cluster.node(i).restarts()).sum();
  }

  private static Optional<Leader> leaderOf(Map<Integer, JsonNode> seen) {
    long highest = seen.values().stream().mapToLong(s -> s.get("epoch").asLong()).max().orElse(-1);
    return seen.entrySet().stream()
        .filter(e -> e.getValue().get("epoch").asLong() == highest && isLeader(e.getValue()))
        .map(e -> new Leader(e.getKey(), highest)).findFirst();
  }

  /**
   * Waits until every replica answers, exactly one leads, and every other follows it in its epoch
   * with the same last offset: with no writes coming in, every failover's cut-backs (and so the
   * lost-write counts) are done. Returns the statuses then.
   */
  Map<Integer, JsonNode> awaitSettled() throws InterruptedException {
    return await(true, "one leader with equal logs");
  }

  /**
   * Waits until every replica answers, exactly one leads, and every other follows it in its epoch
   * within {@link #NEAR_OFFSETS} of its high watermark: a restarted replica has caught up, though
   * writes keep coming.
   */
  Map<Integer, JsonNode> awaitFollowing() throws InterruptedException {
    return await(false, "one leader followed closely by every other replica");
  }

  private Map<Integer, JsonNode> await(boolean exact, String what) throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE_BOUND.toNanos();
    Map<Integer, JsonNode> seen = Map.of();
    while (System.nanoTime() < deadline) {
      seen = statuses(all());
      if (settled(seen, exact)) {
        return seen;
      }
      TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
    }
    throw new IllegalStateException("the replicas did not settle on " + what + " within "
        + SETTLE_BOUND + "; last statuses: " + seen + JvmClusterReport.of(cluster, REPORT_LINES));
  }

  private boolean settled(Map<Integer, JsonNode> seen, boolean exact) {
    List<JsonNode> leaders = seen.values().stream().filter(ReplReplicas::isLeader).toList();
    if (seen.size() != cluster.size() || leaders.size() != 1) {
      return false;
    }
    JsonNode leader = leaders.get(0);
    return seen.values().stream().allMatch(s -> s.get("epoch").asLong() == leader.get("epoch").asLong()
        && (exact ? s.get("lastOffset").asLong() == leader.get("lastOffset").asLong()
            : s.get("lagOffsets").asLong() <= NEAR_OFFSETS)
        && (isLeader(s) || "follower".equals(s.get("role").asText())));
  }

  /** The sum of {@code lostAcknowledged} over {@code statuses}: the store's own count of lost writes. */
  static long lostAcknowledged(Map<Integer, JsonNode> statuses) {
    return statuses.values().stream().mapToLong(s -> s.get("lostAcknowledged").asLong()).sum();
  }

  static boolean isLeader(JsonNode status) {
    return "leader".equals(status.get("role").asText());
  }

  Set<Integer> all() {
    return IntStream.range(0, cluster.size()).boxed().collect(Collectors.toCollection(TreeSet::new));
  }

  Set<Integer> allBut(int excluded) {
    Set<Integer> rest = all();
    rest.remove(excluded);
    return rest;
  }

  String name(int node) {
    return cluster.node(node).id();
  }

  String names(Set<Integer> nodes) {
    return nodes.stream().map(this::name).toList().toString();
  }
}
