package dev.chorus.samples.lab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.testkit.check.SetChecker;
import dev.chorus.testkit.check.Verdict;
import dev.chorus.testkit.cluster.JvmCluster;
import dev.chorus.testkit.history.HistoryReader;
import dev.chorus.testkit.history.HistoryWriter;
import dev.chorus.testkit.history.Op;
import dev.chorus.testkit.workload.Workload;
import dev.chorus.testkit.workload.Workload.Invocation;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The leader-follower store's failover run, shared by the {@code failover-*} lab scenarios and
 * ReplicationFailoverIT: concurrent clients add unique elements at the leader (following 421
 * hints) while its leader is killed with SIGKILL and restarted, and optionally then isolated by a
 * partition, and paused past its lease; at the end every element is read at the final leader (strong). The checks: the set
 * checker (no acknowledged add lost) in strict modes, and in every mode the lost-write accounting
 * of docs/replication.md: the acknowledged adds missing at the end are exactly as many as the
 * replicas' {@code lostAcknowledged} add up to.
 */
final class ReplFailover {
  static final String SET = "adds";
  static final int CLIENTS = 4;
  private static final double OPS_PER_SECOND_PER_CLIENT = 10;
  private static final Duration FINAL_READS = Duration.ofSeconds(60);

  /** A write mode, as the sample node's flags. */
  enum Mode {
    ASYNC("async", false),
    SEMI_SYNC("semi-sync", true),
    SYNC("sync", true);

    final String label;
    /** Whether the mode promises that a failover loses no acknowledged write. */
    final boolean losesNothing;

    Mode(String label, boolean losesNothing) {
      this.label = label;
      this.losesNothing = losesNothing;
    }

    /**
     * The node flags of this mode on {@code nodes} replicas, strict: SEMI_SYNC waits for
     * k = ⌊n/2⌋ followers, the fewest that make every acknowledged write survive a failover
     * (docs/replication.md, "Write modes"); 1 of 3.
     */
    List<String> flags(int nodes) {
      return switch (this) {
        case ASYNC -> List.of("--repl-mode", "async");
        case SEMI_SYNC -> List.of("--repl-mode", "semi-sync", "--repl-semi-sync-followers",
            Integer.toString(nodes / 2), "--repl-downgrade", "off");
        case SYNC -> List.of("--repl-mode", "sync", "--repl-downgrade", "off");
      };
    }
  }

  /**
   * How long the load runs around the faults.
   *
   * @param before before the kill
   * @param onNewLeader after a new leader is elected and before the killed node restarts
   * @param after after the faults (and the restarted node settled)
   * @param isolate whether the leader is then isolated by a partition, while writes come to it
   * @param pause whether the leader is then paused past its lease, cut off, and sent writes as it resumes
   * @param suspectBeforeKill whether the leader is first cut off from one follower until the other
   *     suspects that one too, so that the kill leaves a stale suspicion behind (needs 3 or more nodes)
   * @param restartAll whether every node is then killed with SIGKILL and restarted, once the load
   *     is over and the replicas settled: the store's lost-write count must come back unchanged
   */
  record Settings(Duration before, Duration onNewLeader, Duration after, boolean isolate, boolean pause,
      boolean suspectBeforeKill, boolean restartAll) {}

  /**
   * What a run found.
   *
   * @param acknowledged ok adds
   * @param lostByChecker ok adds completed before the final read began and missing from it
   * @param lostCounted the sum of the replicas' {@code lostAcknowledged}
   * @param checks the verdicts; all valid means the mode kept its promise
   */
  record Result(Workload.Counts counts, long acknowledged, long lostByChecker, long lostCounted, String faults,
      List<Verdict> checks) {}

  private ReplFailover() {}

  /** Runs the load and the faults on a formed cluster whose nodes run the store in {@code mode}. */
  static Result run(JvmCluster cluster, Mode mode, Settings settings, HistoryWriter writer,
      Consumer<String> progress) throws InterruptedException, IOException {
    ReplHttpClient http = new ReplHttpClient();
    ReplReplicas replicas = new ReplReplicas(cluster, http);
    HintedClients clients = new HintedClients(cluster, CLIENTS, (node, op) -> {
      ReplHttpClient.Answer a = http.invoke(node.httpPort(), node.id(), op);
      return new HintedClients.Hinted(a.outcome(), a.leaderHint());
    });
    ReplReplicas.Leader first = replicas.awaitLeader(replicas.all());
    progress.accept(replicas.name(first.node()) + " leads epoch " + first.epoch() + " (" + mode.label + ")");
    AtomicBoolean stop = new AtomicBoolean();
    // The faults end the load (stop); five minutes only bounds it should they hang.
    Workload.Spec spec = new Workload.Spec("add", SET, CLIENTS, OPS_PER_SECOND_PER_CLIENT, Duration.ofMinutes(5));
    CompletableFuture<Workload.Counts> load = CompletableFuture.supplyAsync(() -> {
      try {
        return Workload.run(spec, c -> new Invocation("add", SET, clients.newElement()), clients::invoke, writer,
            elapsed -> {}, stop::get);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    ReplFaults faults = new ReplFaults(cluster, replicas, writer, http, progress);
    List<Verdict> checks = new ArrayList<>();
    String what;
    try {
      TimeUnit.NANOSECONDS.sleep(settings.before().toNanos());
      ReplFaults.Kill kill = faults.killLeader(settings.onNewLeader(), settings.suspectBeforeKill());
      what = "kill -9 " + replicas.name(kill.old().node());
      replicas.awaitFollowing();
      if (settings.isolate()) {
        what += ", isolate " + cutOff(faults.isolateLeader(clients::newElement), replicas, checks);
      }
      if (settings.pause()) {
        replicas.awaitFollowing();
        what += ", pause " + cutOff(faults.pauseLeader(clients::newElement), replicas, checks);
      }
      TimeUnit.NANOSECONDS.sleep(settings.after().toNanos());
    } finally {
      stop.set(true);
    }
    Workload.Counts counts = join(load);
    progress.accept("clients: " + counts + "; waiting for the replicas to settle ...");
    Map<Integer, JsonNode> settled = replicas.awaitSettled();
    if (settings.restartAll()) {
      long before = ReplReplicas.lostAcknowledged(settled);
      faults.restartEveryNode();
      settled = replicas.awaitSettled();
      checks.add(countKept(before, ReplReplicas.lostAcknowledged(settled)));
    }
    progress.accept("reading back every added element at the leader ...");
    clients.finalRead(writer, SET, FINAL_READS, e -> new Invocation("read", "s-" + e, null),
        v -> v instanceof Map<?, ?> m && m.get("value") != null);
    return verdict(mode, counts, what, settled, writer, checks);
  }

  /** Adds the checks of a cut-off leader (its answers list how many writes it acknowledged); names it. */
  private static String cutOff(ReplFaults.Isolation cut, ReplReplicas replicas, List<Verdict> checks) {
    checks.add(cut.answers());
    checks.add(cut.leadership());
    return replicas.name(cut.old().node());
  }

  /** The store's lost-write count is durable: a restart of every replica brings back the same sum. */
  static Verdict countKept(long before, long after) {
    String summary = "lostAcknowledged " + before + " before every node was killed and restarted, " + after + " after";
    return before == after ? Verdict.valid("lost-count-durable", summary)
        : Verdict.invalid("lost-count-durable", summary + "; a restart must not change it", List.of());
  }

  private static Workload.Counts join(CompletableFuture<Workload.Counts> load) throws InterruptedException {
    try {
      return load.get(1, TimeUnit.MINUTES);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the clients did not stop", e);
    }
  }

  private static Result verdict(Mode mode, Workload.Counts counts, String faults, Map<Integer, JsonNode> settled,
      HistoryWriter writer, List<Verdict> checks) throws IOException {
    List<Op> adds = HistoryReader.read(writer.file()).stream()
        .filter(e -> !e.isNemesis() && SET.equals(e.key())).toList();
    Verdict set = SetChecker.create().check(adds);
    SetCount count = SetCount.of(adds);
    long counted = ReplReplicas.lostAcknowledged(settled);
    List<Verdict> all = new ArrayList<>();
    if (mode.losesNothing) {
      all.add(set);
    }
    all.add(accounting(count, counted));
    all.addAll(checks);
    return new Result(counts, count.acknowledged(), count.lost(), counted, faults, all);
  }

  /**
   * docs/replication.md, "Lost-write accounting": the store counts exactly the writes it
   * acknowledged that a failover discarded. Every add a client saw acknowledged and that is missing
   * is among them; so may be an add whose client saw no answer (info) and that is missing, since
   * the store may have acknowledged it as its node was killed or downed, or after the client gave
   * up. So the count must lie between the lost adds and the lost adds plus the info adds missing.
   */
  static Verdict accounting(SetCount count, long counted) {
    String checker = "lost-write-accounting";
    String summary = "checker: " + count.lost() + " of " + count.acknowledged() + " acked adds lost; store: "
        + counted + " lostAcknowledged (" + count.infoMissing() + " info adds missing)";
    return counted >= count.lost() && counted <= count.lost() + count.infoMissing() ? Verdict.valid(checker, summary)
        : Verdict.invalid(checker, summary + "; the store's count must be at least the acknowledged adds lost, "
            + "and at most those plus the info adds missing", List.of());
  }

  /**
   * The set's adds against its final read.
   *
   * @param acknowledged ok adds
   * @param lost ok adds that completed before the final read began and are missing from it
   * @param infoMissing adds of unknown outcome that are missing: acknowledged by the store, perhaps
   */
  record SetCount(long acknowledged, long lost, long infoMissing) {
    static SetCount of(List<Op> adds) {
      Map<String, Op> open = new HashMap<>();
      List<Op[]> done = new ArrayList<>(); // {invoke, completion}
      for (Op o : adds) {
        if (o.type() == Op.Type.INVOKE) {
          open.put(o.process(), o);
        } else {
          done.add(new Op[] {open.remove(o.process()), o});
        }
      }
      Op[] read = done.stream().filter(d -> d[1].f().equals("read") && d[1].type() == Op.Type.OK)
          .reduce((a, b) -> b).orElseThrow(() -> new IllegalStateException("the final read did not finish"));
      Set<Long> present = new HashSet<>();
      read[1].value().forEach(v -> present.add(v.asLong()));
      List<Op[]> ok = done.stream().filter(d -> d[1].f().equals("add") && d[1].type() == Op.Type.OK).toList();
      long lost = ok.stream().filter(d -> d[1].time() < read[0].time() && !present.contains(d[0].value().asLong()))
          .count();
      long infoMissing = done.stream().filter(d -> d[1].f().equals("add") && d[1].type() == Op.Type.INFO
          && !present.contains(d[0].value().asLong())).count();
      return new SetCount(ok.size(), lost, infoMissing);
    }
  }
}
