package dev.chorus.samples.lab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.testkit.check.Verdict;
import dev.chorus.testkit.cluster.JvmCluster;
import dev.chorus.testkit.history.HistoryWriter;
import dev.chorus.testkit.history.Op;
import dev.chorus.testkit.workload.Workload.Invocation;
import dev.chorus.testkit.workload.Workload.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Faults aimed at the leader-follower store's leader: kill -9 and restart; a partition that
 * isolates it while writes keep coming to it; and a pause (SIGSTOP) past its lease, cut off, after
 * which writes come to it the moment it resumes. Each fault and heal goes into the history, and so
 * does every write sent to the isolated leader, as an add of its own process, so that the set
 * checker judges them with the clients' adds. Every loop is bounded in count and time.
 */
final class ReplFaults {
  /** How long writes are sent to an isolated leader: past its lease (1 s) and a new election. */
  static final Duration ISOLATED_WRITES = Duration.ofSeconds(5);
  /** How long writes are sent to a paused leader once it resumes, still cut off. */
  static final Duration RESUMED_WRITES = Duration.ofSeconds(2);
  /** How long a paused leader stays stopped at least: well past its lease (1 s). */
  static final Duration PAUSE_AT_LEAST = Duration.ofSeconds(3);
  private static final int ISOLATED_WRITERS = 3;
  private static final int MAX_WRITES_PER_WRITER = 200;
  /** What an isolated leader may answer a write with, besides 200: not the leader, unavailable, unknown. */
  private static final List<String> REFUSALS = List.of("421", "503", "504");

  private final JvmCluster cluster;
  private final ReplReplicas replicas;
  private final HistoryWriter history;
  private final ReplHttpClient http;
  private final Consumer<String> progress;
  private final AtomicLong nextProcess = new AtomicLong(2_000_000);

  /** A kill -9 of a leader: who led, who leads after, and how long the others took to elect. */
  record Kill(ReplReplicas.Leader old, ReplReplicas.Leader next, Duration failover) {}

  /**
   * An isolation of the leader.
   *
   * @param writes what the isolated leader answered each write sent to it
   * @param answers whether it answered only 200, 421, 503 or 504
   * @param leadership whether, after the heal, one leader leads in a higher epoch and the old one is in it
   */
  record Isolation(ReplReplicas.Leader old, ReplReplicas.Leader next, List<Outcome> writes, Verdict answers,
      Verdict leadership) {
    long acknowledged() {
      return writes.stream().filter(w -> w.type() == Op.Type.OK).count();
    }
  }

  ReplFaults(JvmCluster cluster, ReplReplicas replicas, HistoryWriter history, ReplHttpClient http,
      Consumer<String> progress) {
    this.cluster = cluster;
    this.replicas = replicas;
    this.history = history;
    this.http = http;
    this.progress = progress;
  }

  /**
   * Kills the leader with SIGKILL; once another leads, lets the load run on for {@code onNewLeader}
   * (in strict SYNC, refused until the follower is back), then restarts the killed node.
   */
  Kill killLeader(Duration onNewLeader, boolean suspectFirst) throws InterruptedException {
    ReplReplicas.Leader old = replicas.awaitLeader(replicas.all());
    String what = replicas.name(old.node());
    String bridge = suspectFirst ? cutFromOneFollower(old.node()) : null;
    record("start-kill", what);
    long t0 = System.nanoTime();
    cluster.kill(old.node());
    if (bridge != null) {
      cluster.heal();
      record("stop-partition", bridge);
    }
    ReplReplicas.Leader next = replicas.awaitLeader(replicas.allBut(old.node()));
    Duration failover = Duration.ofNanos(System.nanoTime() - t0);
    progress.accept("killed leader " + what + " (epoch " + old.epoch() + "); " + replicas.name(next.node())
        + " leads epoch " + next.epoch() + " after " + failover.toMillis() + " ms");
    TimeUnit.NANOSECONDS.sleep(onNewLeader.toNanos());
    cluster.restart(old.node());
    record("stop-kill", what);
    progress.accept("restarted " + what);
    return new Kill(old, next, failover);
  }

  /** Kills every node with SIGKILL, then starts each again on its data directory. */
  void restartEveryNode() {
    String what = replicas.names(replicas.all());
    record("start-restart-all", what);
    replicas.all().forEach(cluster::kill);
    replicas.all().forEach(cluster::restart);
    record("stop-restart-all", what);
    progress.accept("killed every node and started it again: " + what);
  }

  /**
   * Cuts {@code leader} off from one follower only, and waits until the other follower suspects
   * that one too, on the leader's word (Pekko marks a node unreachable when any observer does).
   * Killed then, the leader leaves that suspicion behind in the cluster's gossip until it is
   * downed: the two followers can talk, yet each may be told the other is unreachable, and the
   * split-brain resolver may down one of them as indirectly connected. Returns the cut, as the
   * history names it.
   */
  private String cutFromOneFollower(int leader) throws InterruptedException {
    List<Integer> followers = List.copyOf(replicas.allBut(leader));
    int cut = followers.get(0);
    int observer = followers.get(1);
    String what = replicas.name(leader) + " -x- " + replicas.name(cut);
    record("start-partition", what);
    cluster.cut(Map.of(leader, Set.of(cut), cut, Set.of(leader)));
    long deadline = System.nanoTime() + ReplReplicas.ELECTION_BOUND.toNanos();
    while (cluster.members(observer).stream().noneMatch(m -> m.id().equals(cluster.nodeId(cut)) && !m.reachable())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(replicas.name(observer) + " never suspected " + replicas.name(cut)
            + " on " + replicas.name(leader) + "'s word within " + ReplReplicas.ELECTION_BOUND);
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    progress.accept("cut " + what + "; " + replicas.name(observer) + " suspects " + replicas.name(cut)
        + " on " + replicas.name(leader) + "'s word");
    return what;
  }

  /**
   * Cuts the leader off from every other node; sends it unique adds for {@link #ISOLATED_WRITES}
   * from a few writers; waits for the others to elect a leader; heals; and waits until the old
   * leader follows.
   */
  Isolation isolateLeader(LongSupplier newElement) throws InterruptedException {
    ReplReplicas.Leader old = replicas.awaitLeader(replicas.all());
    Set<Integer> others = replicas.allBut(old.node());
    String what = replicas.name(old.node()) + " -x- " + replicas.names(others);
    record("start-partition", what);
    cluster.partition(List.of(Set.of(old.node()), others));
    progress.accept("isolated leader " + replicas.name(old.node()) + " (epoch " + old.epoch() + ")");
    List<Outcome> writes = writeTo(old.node(), newElement, ISOLATED_WRITES);
    ReplReplicas.Leader next = replicas.awaitLeader(others);
    return heal(old, next, what, writes);
  }

  /**
   * Stops the leader with SIGSTOP and cuts it off, until the others have elected a leader and at
   * least {@link #PAUSE_AT_LEAST} has passed; resumes it, still cut off, and at once sends it
   * unique adds for {@link #RESUMED_WRITES}: only its own clock can tell it that its lease has run
   * out. Then heals, and waits until it follows.
   */
  Isolation pauseLeader(LongSupplier newElement) throws InterruptedException {
    ReplReplicas.Leader old = replicas.awaitLeader(replicas.all());
    Set<Integer> others = replicas.allBut(old.node());
    String what = replicas.name(old.node());
    record("start-pause", what);
    record("start-partition", what + " -x- " + replicas.names(others));
    long t0 = System.nanoTime();
    cluster.pause(old.node());
    cluster.partition(List.of(Set.of(old.node()), others));
    ReplReplicas.Leader next = replicas.awaitLeader(others);
    TimeUnit.NANOSECONDS.sleep(Math.max(0, PAUSE_AT_LEAST.toNanos() - (System.nanoTime() - t0)));
    cluster.resume(old.node());
    record("stop-pause", what);
    progress.accept("paused leader " + what + " (epoch " + old.epoch() + ") resumed, cut off; "
        + replicas.name(next.node()) + " leads epoch " + next.epoch());
    List<Outcome> writes = writeTo(old.node(), newElement, RESUMED_WRITES);
    return heal(old, next, what + " -x- " + replicas.names(others), writes);
  }

  private Isolation heal(ReplReplicas.Leader old, ReplReplicas.Leader next, String cut, List<Outcome> writes)
      throws InterruptedException {
    cluster.heal();
    record("stop-partition", cut);
    Verdict answers = answers(replicas.name(old.node()), writes);
    progress.accept("healed; " + answers.explanation());
    return new Isolation(old, next, writes, answers, awaitFollowing(old));
  }

  private List<Outcome> writeTo(int node, LongSupplier newElement, Duration during) throws InterruptedException {
    List<Outcome> writes = Collections.synchronizedList(new ArrayList<>());
    long end = System.nanoTime() + during.toNanos();
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < ISOLATED_WRITERS; w++) {
      Thread t = new Thread(() -> {
        try {
          for (int i = 0; i < MAX_WRITES_PER_WRITER && System.nanoTime() < end; i++) {
            writes.add(probe(node, new Invocation("add", ReplFailover.SET, newElement.getAsLong())));
            TimeUnit.MILLISECONDS.sleep(50);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "isolated-writer-" + w);
      t.setDaemon(true);
      t.start();
      writers.add(t);
    }
    long joinBy = System.nanoTime() + during.plus(LabHttp.REQUEST_TIMEOUT).plusSeconds(1).toNanos();
    for (Thread t : writers) {
      TimeUnit.NANOSECONDS.timedJoin(t, Math.max(1, joinBy - System.nanoTime()));
    }
    return List.copyOf(writes);
  }

  private static Verdict answers(String node, List<Outcome> writes) {
    String checker = "old-leader(answers)";
    Map<String, Long> byAnswer = new java.util.TreeMap<>();
    List<Outcome> unexpected = new ArrayList<>();
    for (Outcome w : writes) {
      String code = w.type() == Op.Type.OK ? "200" : String.valueOf(w.value()).split(" ", 2)[0];
      byAnswer.merge(code, 1L, Long::sum);
      if (!code.equals("200") && !REFUSALS.contains(code)) {
        unexpected.add(w);
      }
    }
    String summary = writes.size() + " writes to cut-off " + node + " answered " + byAnswer;
    if (writes.isEmpty()) {
      return Verdict.unknown(checker, "no write reached cut-off " + node);
    }
    return unexpected.isEmpty() ? Verdict.valid(checker, summary)
        : Verdict.invalid(checker, summary + "; expected only 200, 421, 503 or 504, got " + unexpected, List.of());
  }

  /**
   * Whether, within a bound, one replica leads in an epoch above {@code old}'s and the old leader
   * has joined that epoch: as a follower, or as the leader of that newer epoch, since leadership
   * may move again after a heal (a new epoch, recovered afresh). Either way it no longer acts in
   * its old epoch.
   */
  private Verdict awaitFollowing(ReplReplicas.Leader old) throws InterruptedException {
    String checker = "old-leader(steps-down)";
    String name = replicas.name(old.node());
    long deadline = System.nanoTime() + ReplReplicas.SETTLE_BOUND.toNanos();
    Map<Integer, JsonNode> seen = Map.of();
    while (System.nanoTime() < deadline) {
      seen = replicas.statuses(replicas.all());
      List<JsonNode> leaders = seen.values().stream().filter(ReplReplicas::isLeader).toList();
      JsonNode was = seen.get(old.node());
      if (leaders.size() == 1 && was != null && leaders.get(0).get("epoch").asLong() > old.epoch()
          && was.get("epoch").asLong() == leaders.get(0).get("epoch").asLong()) {
        JsonNode leader = leaders.get(0);
        String role = ReplReplicas.isLeader(was) ? "leads that newer epoch itself" : "follows it";
        return Verdict.valid(checker, "one leader, " + leader.get("replica").asText() + " in epoch "
            + leader.get("epoch").asLong() + " > " + old.epoch() + "; old leader " + name + " " + role);
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    return Verdict.invalid(checker, "after the heal, no single leader above epoch " + old.epoch() + " with "
        + name + " in its epoch within " + ReplReplicas.SETTLE_BOUND + "; last statuses: " + seen, List.of());
  }

  /** One add at one node, recorded as its own process (it never overlaps itself). */
  private Outcome probe(int node, Invocation op) throws InterruptedException {
    Op invoke = Op.client(nextProcess.incrementAndGet(), Op.Type.INVOKE, op.f(), op.key(), op.value(), history.now(), null);
    history.append(invoke);
    Outcome out = http.invoke(cluster.node(node).spec().httpPort(), replicas.name(node), op).outcome();
    history.append(invoke.complete(out.type(), out.value(), history.now(), out.node()));
    return out;
  }

  private void record(String f, String what) {
    history.append(Op.nemesis(f, what, history.now()));
  }
}
