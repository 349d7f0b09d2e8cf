package dev.chorus.samples.lab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.testkit.cluster.JvmCluster;
import dev.chorus.testkit.history.HistoryWriter;
import dev.chorus.testkit.history.Op;
import dev.chorus.testkit.nemesis.Nemesis;
import dev.chorus.testkit.workload.Workload.Invocation;
import dev.chorus.testkit.workload.Workload.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Faults aimed at the Raft KV store's current leader, found through {@code GET /raft/kv}: kill -9,
 * a partition into the minority, a pause past the election timeout, and a restart of every node.
 * Each fault and heal is recorded in the history, and so is every probe operation sent at a chosen
 * node, so that the checkers judge them with the clients' operations. Every wait is bounded.
 */
final class LeaderFaults {
  static final Duration ELECTION_BOUND = Duration.ofSeconds(30);
  static final Duration RECOVERY_BOUND = Duration.ofSeconds(90);
  /** How long writes are sent into the minority side: well inside the 20 s downing window. */
  static final Duration MINORITY_WRITES = Duration.ofSeconds(8);
  /** Longer than twice the largest default election timeout (2 s). */
  static final Duration PAUSE_AT_LEAST = Duration.ofSeconds(5);
  private static final long POLL_MILLIS = 100;

  private final JvmCluster cluster;
  private final HistoryWriter history;
  private final KvHttpClient http;
  private final Consumer<String> progress;
  private final AtomicLong nextProcess = new AtomicLong(2_000_000);

  /** A write sent into the minority side of a partition, and what it got. */
  record MinorityWrite(int node, boolean toOldLeader, long element, Outcome outcome) {}

  /** A read sent to a paused leader the moment it resumed. */
  record ResumedRead(String consistency, String key, Outcome outcome) {}

  LeaderFaults(JvmCluster cluster, HistoryWriter history, KvHttpClient http, Consumer<String> progress) {
    this.cluster = cluster;
    this.history = history;
    this.http = http;
    this.progress = progress;
  }

  /** Kills the leader with SIGKILL under load; returns how long the others took to elect a new one. */
  Duration killLeader() throws InterruptedException {
    int leader = awaitLeader(all());
    String what = name(leader);
    record("start-kill", what);
    long t0 = System.nanoTime();
    cluster.kill(leader);
    int next = awaitLeader(allBut(Set.of(leader)));
    Duration failover = Duration.ofNanos(System.nanoTime() - t0);
    progress.accept("killed leader " + what + "; " + name(next) + " leads after " + failover.toMillis() + " ms");
    TimeUnit.SECONDS.sleep(2); // the load runs on at the new leader
    cluster.restart(leader);
    record("stop-kill", what);
    awaitRecovered();
    return failover;
  }

  /**
   * Cuts the leader, with as many followers as still make a minority, from the rest; sends unique
   * adds to every minority node for {@link #MINORITY_WRITES}; heals. Returns those writes' outcomes.
   */
  List<MinorityWrite> partitionLeaderIntoMinority(KvScenario.KvClients clients) throws InterruptedException {
    int leader = awaitLeader(all());
    Set<Integer> minority = new TreeSet<>(Set.of(leader));
    allBut(minority).stream().limit((cluster.size() - 1) / 2 - 1).forEach(minority::add);
    Set<Integer> majority = allBut(minority);
    String what = names(minority) + " -x- " + names(majority);
    record("start-partition", what);
    cluster.partition(List.of(minority, majority));
    progress.accept("partitioned the leader into the minority: " + what);
    List<MinorityWrite> writes = new ArrayList<>();
    long end = System.nanoTime() + MINORITY_WRITES.toNanos();
    while (System.nanoTime() < end) {
      for (int node : minority) {
        long element = clients.newElement();
        writes.add(new MinorityWrite(node, node == leader, element,
            probe(node, new Invocation("add", KvScenario.KvClients.SET, element), "linearizable")));
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    int next = awaitLeader(majority);
    progress.accept(name(next) + " leads the majority; " + writes.size() + " writes sent into the minority");
    cluster.heal();
    record("stop-partition", what);
    awaitRecovered();
    return writes;
  }

  /**
   * Stops the leader (SIGSTOP) and cuts it from the others until they have elected a new leader
   * and at least {@link #PAUSE_AT_LEAST} has passed; writes a fresh value to every register at the
   * new leader; resumes the old leader and at once sends it a lease read and a ReadIndex read of
   * every register; then heals the cut.
   */
  List<ResumedRead> pauseLeader(List<String> registers) throws Exception {
    int leader = awaitLeader(all());
    String what = name(leader);
    record("start-pause", what);
    record("start-partition", what);
    long t0 = System.nanoTime();
    cluster.pause(leader);
    // Cut it off while it is stopped, so that on resuming it hears of no newer term: only its
    // own clock can tell it that its lease (thesis section 6.4.1) has run out.
    cluster.partition(List.of(Set.of(leader), allBut(Set.of(leader))));
    int next = awaitLeader(allBut(Set.of(leader)));
    for (String key : registers) {
      writeUntilAcknowledged(next, key);
    }
    long left = PAUSE_AT_LEAST.toNanos() - (System.nanoTime() - t0);
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
    cluster.resume(leader);
    record("stop-pause", what);
    List<ResumedRead> reads = readAtOnce(leader, registers);
    progress.accept("paused leader " + what + " resumed; its answers to reads: " + reads);
    cluster.heal();
    record("stop-partition", what);
    awaitRecovered();
    return reads;
  }

  /** Kills every node with SIGKILL, then starts them all again on their data directories. */
  void restartEveryNode() throws InterruptedException {
    record("start-restart-all", names(all()));
    for (int i = 0; i < cluster.size(); i++) {
      cluster.kill(i);
    }
    for (int i = 0; i < cluster.size(); i++) {
      cluster.restart(i);
    }
    record("stop-restart-all", names(all()));
    awaitRecovered();
    int leader = awaitLeader(all());
    progress.accept("every node restarted; " + name(leader) + " leads");
  }

  private void writeUntilAcknowledged(int node, String key) throws InterruptedException {
    long deadline = System.nanoTime() + ELECTION_BOUND.toNanos();
    while (true) {
      long fresh = 1_000 + nextProcess.get() % 1_000_000;
      if (probe(node, new Invocation("write", key, fresh), "linearizable").type() == Op.Type.OK) {
        return;
      }
      assertTrue(System.nanoTime() < deadline, "the new leader " + name(node) + " did not take a write to " + key);
      TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
    }
  }

  private List<ResumedRead> readAtOnce(int node, List<String> registers) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(registers.size() * 2);
    try {
      List<Future<ResumedRead>> reads = new ArrayList<>();
      for (String key : registers) {
        for (String consistency : List.of("lease", "linearizable")) {
          reads.add(pool.submit(() -> new ResumedRead(consistency, key,
              probe(node, new Invocation("read", key, null), consistency))));
        }
      }
      List<ResumedRead> done = new ArrayList<>();
      for (Future<ResumedRead> f : reads) {
        done.add(f.get(30, TimeUnit.SECONDS));
      }
      return done;
    } finally {
      pool.shutdownNow();
    }
  }

  /** One operation at one node, recorded as its own process (it never overlaps itself). */
  private Outcome probe(int node, Invocation op, String consistency) throws InterruptedException {
    Op invoke = Op.client(nextProcess.incrementAndGet(), Op.Type.INVOKE, op.f(), op.key(), op.value(), history.now(), null);
    history.append(invoke);
    Outcome out = http.invoke(cluster.node(node).spec().httpPort(), name(node), op, consistency).outcome();
    history.append(invoke.complete(out.type(), out.value(), history.now(), out.node()));
    return out;
  }

  /**
   * The node among {@code among} that leads in the highest term any of them reports, once one
   * does; fails the test after {@link #ELECTION_BOUND}.
   */
  int awaitLeader(Set<Integer> among) throws InterruptedException {
    long deadline = System.nanoTime() + ELECTION_BOUND.toNanos();
    while (System.nanoTime() < deadline) {
      java.util.Map<Integer, JsonNode> seen = new java.util.TreeMap<>();
      for (int i : among) {
        http.status(cluster.node(i).spec().httpPort()).ifPresent(s -> seen.put(i, s));
      }
      long highest = seen.values().stream().mapToLong(s -> s.get("term").asLong()).max().orElse(-1);
      var leader = seen.entrySet().stream()
          .filter(e -> e.getValue().get("term").asLong() == highest && isLeader(e.getValue())).findFirst();
      if (leader.isPresent()) {
        return leader.get().getKey();
      }
      TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
    }
    throw new AssertionError("no leader among " + names(among) + " within " + ELECTION_BOUND);
  }

  private static boolean isLeader(JsonNode status) {
    return "leader".equals(status.get("role").asText());
  }

  private void awaitRecovered() throws InterruptedException {
    Nemesis probe = new Nemesis(cluster, history, RECOVERY_BOUND, progress);
    long deadline = System.nanoTime() + RECOVERY_BOUND.toNanos();
    while (!probe.allUpAndReachable()) {
      assertTrue(System.nanoTime() < deadline, "the cluster did not recover within " + RECOVERY_BOUND);
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }

  private void record(String f, String what) {
    history.append(Op.nemesis(f, what, history.now()));
  }

  private Set<Integer> all() {
    return IntStream.range(0, cluster.size()).boxed().collect(Collectors.toCollection(TreeSet::new));
  }

  private Set<Integer> allBut(Set<Integer> excluded) {
    Set<Integer> rest = all();
    rest.removeAll(excluded);
    return rest;
  }

  String name(int node) {
    return cluster.node(node).id();
  }

  private String names(Set<Integer> nodes) {
    return nodes.stream().map(this::name).toList().toString();
  }
}
