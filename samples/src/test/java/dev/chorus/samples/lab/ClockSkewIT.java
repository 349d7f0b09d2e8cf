package dev.chorus.samples.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.core.clock.HlcTimestamp;
import dev.chorus.samples.cli.Chorus;
import dev.chorus.testkit.check.LinearizabilityChecker;
import dev.chorus.testkit.check.Models;
import dev.chorus.testkit.check.Verdict;
import dev.chorus.testkit.cluster.JvmCluster;
import dev.chorus.testkit.cluster.JvmNodeSpec;
import dev.chorus.testkit.control.ControlClient;
import dev.chorus.testkit.history.HistoryReader;
import dev.chorus.testkit.history.HistoryWriter;
import dev.chorus.testkit.history.Op;
import dev.chorus.testkit.nemesis.Nemesis;
import dev.chorus.testkit.workload.Workload;
import dev.chorus.testkit.workload.Workload.Invocation;
import dev.chorus.testkit.workload.Workload.Outcome;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wall clocks skewed by ten times {@code max-clock-offset} (500 ms), one node ahead and one
 * behind, while every node is killed and restarted in turn, so that the lease group, the Raft KV
 * store and the leader-follower store change leaders among nodes whose wall clocks disagree by
 * 10 s. Nothing that expires reads a wall clock (docs/architecture.md, "Clocks"), so:
 * <ul>
 *   <li>no stale lease read: the Raft KV history, lease reads included, is linearizable, and so is
 *       the leader-follower store's, whose leader serves strong reads by trusting its lease;
 *   <li>no fencing token out of order, no lease held twice: each replica's epoch (its lease's
 *       fencing token) never goes down, and no two replicas ever lead the same epoch;
 *   <li>the HLC refuses a timestamp more than the offset ahead of its node's clock, and takes one
 *       behind it, staying ahead of both (Kulkarni et al., Figure 5).
 * </ul>
 */
class ClockSkewIT {
  private static final Duration SKEW = Duration.ofSeconds(5);
  private static final Duration LOAD_BOUND = Duration.ofMinutes(4);
  private static final Duration RECOVERY_BOUND = Duration.ofSeconds(90);
  private static final int CLIENTS = 4;

  @Test
  void skewedWallClocksBreakNoLeaseNoFencingTokenAndTheHlcRefusesThem(@TempDir Path tmp) throws Exception {
    Path history = tmp.resolve("history.jsonl");
    try (JvmCluster cluster = JvmCluster.builder(Chorus.class.getName()).nodes(3)
            .workDir(tmp.resolve("nodes")).args(ClockSkewIT::args).start();
        HistoryWriter writer = new HistoryWriter(history)) {
      FaultedRun.form(cluster, 3, System.out::println);
      cluster.skewClock(1, SKEW);
      cluster.skewClock(2, SKEW.negated());
      hlcRefusesWhatIsTooFarAhead(cluster);

      Clients clients = new Clients(cluster);
      Epochs epochs = new Epochs(cluster);
      AtomicBoolean stop = new AtomicBoolean();
      Workload.Spec spec = new Workload.Spec("skew", null, CLIENTS, 10, LOAD_BOUND);
      CompletableFuture<Workload.Counts> load = CompletableFuture.supplyAsync(() -> {
        try {
          return Workload.run(spec, clients::next, clients::invoke, writer, elapsed -> epochs.poll(), stop::get);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      try {
        for (int i = 0; i < cluster.size(); i++) {
          TimeUnit.SECONDS.sleep(3);
          cluster.kill(i);
          System.out.println("killed n" + (i + 1) + " (clock " + (i == 0 ? "true" : i == 1 ? "+5 s" : "-5 s") + ")");
          TimeUnit.SECONDS.sleep(3);
          cluster.restart(i);
          awaitRecovered(cluster, writer);
        }
        TimeUnit.SECONDS.sleep(3);
      } finally {
        stop.set(true);
      }
      Workload.Counts counts = load.get(2, TimeUnit.MINUTES);
      System.out.println("clients: " + counts + "; epochs led: " + epochs.leaders);

      List<Op> events = HistoryReader.read(history);
      for (String store : List.of("r", "p")) {
        List<Op> ops = events.stream().filter(e -> !e.isNemesis() && e.key().startsWith(store)).toList();
        Verdict v = new LinearizabilityChecker(Models.casRegister()).check(ops);
        assertTrue(v.isValid(), v.render());
        assertTrue(ops.stream().anyMatch(o -> o.f().equals("read") && o.type() == Op.Type.OK), store + " reads got through");
      }
      epochs.assertInOrder();
      assertTrue(clients.leaseReads > 0, "lease reads were served");
    }
  }

  static List<String> args(JvmNodeSpec spec, List<JvmNodeSpec> all) {
    List<String> args = new ArrayList<>(KvScenario.args(spec, all));
    args.add("--replicated-kv");
    args.add(all.stream().map(JvmNodeSpec::id).collect(Collectors.joining(",")));
    return args;
  }

  /** n2's HLC runs 5 s ahead: n3 (5 s behind) refuses it; n2 takes n3's and stays ahead of both. */
  private static void hlcRefusesWhatIsTooFarAhead(JvmCluster cluster) {
    HlcTimestamp ahead = HlcTimestamp.parse(cluster.clock(1).split(" ")[1]);
    ControlClient.ControlException refused = assertThrows(ControlClient.ControlException.class,
        () -> cluster.receiveHlc(2, ahead.toString()));
    assertTrue(refused.getMessage().contains("ClockOffsetExceeded"), refused.getMessage());
    HlcTimestamp behind = HlcTimestamp.parse(cluster.clock(2).split(" ")[1]);
    HlcTimestamp after = HlcTimestamp.parse(cluster.receiveHlc(1, behind.toString()));
    assertTrue(after.isAfter(ahead) && after.isAfter(behind), ahead + " and " + behind + " gave " + after);
  }

  private static void awaitRecovered(JvmCluster cluster, HistoryWriter writer) throws InterruptedException {
    Nemesis probe = new Nemesis(cluster, writer, RECOVERY_BOUND, System.out::println);
    long deadline = System.nanoTime() + RECOVERY_BOUND.toNanos();
    while (!probe.allUpAndReachable()) {
      assertTrue(System.nanoTime() < deadline, "the cluster did not recover within " + RECOVERY_BOUND);
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }

  /**
   * Clients 0 and 1 use the Raft KV store's registers r0, r1 (reads by lease or ReadIndex); 2 and
   * 3 the leader-follower store's p0, p1 (strong reads, at its leader).
   */
  private static final class Clients {
    private final KvHttpClient kv = new KvHttpClient();
    private final LabHttp http = new LabHttp();
    private final HintedClients raft;
    private final HintedClients replicated;
    private final Random[] random = new Random[CLIENTS];
    volatile long leaseReads;

    Clients(JvmCluster cluster) {
      for (int c = 0; c < CLIENTS; c++) {
        random[c] = new Random(17 + c);
      }
      raft = new HintedClients(cluster, CLIENTS, (node, op) -> {
        boolean lease = op.f().equals("read") && random[0].nextBoolean();
        KvHttpClient.Answer a = kv.invoke(node.httpPort(), node.id(), op, lease ? "lease" : "linearizable");
        if (lease && a.outcome().type() == Op.Type.OK) {
          leaseReads++;
        }
        return new HintedClients.Hinted(a.outcome(), a.leaderHint());
      });
      replicated = new HintedClients(cluster, CLIENTS, this::replicated);
    }

    Invocation next(int client) {
      Random r = random[client];
      String key = (client < 2 ? "r" : "p") + r.nextInt(2);
      return switch (r.nextInt(client < 2 ? 3 : 2)) {
        case 0 -> new Invocation("read", key, null);
        case 1 -> new Invocation("write", key, (long) r.nextInt(10));
        default -> new Invocation("cas", key, List.of((long) r.nextInt(10), (long) r.nextInt(10)));
      };
    }

    Outcome invoke(int client, Invocation op) throws InterruptedException {
      return client < 2 ? raft.invoke(client, op) : replicated.invoke(client, op);
    }

    /** A read (strong, at the leader) or write of the leader-follower store's register. */
    private HintedClients.Hinted replicated(JvmNodeSpec node, Invocation op) throws InterruptedException {
      boolean read = op.f().equals("read");
      HttpRequest.Builder b = LabHttp.request(node.httpPort(), "/repl/kv/kv/" + op.key() + (read ? "?consistency=strong" : ""));
      LabHttp.Exchange x = http.send(read ? b.GET().build()
          : b.PUT(HttpRequest.BodyPublishers.ofString(String.valueOf(op.value()))).build());
      Object value = op.value();
      if (read && x.answered() && x.status() == 200) {
        JsonNode v = x.body().get("value");
        value = v == null || v.isNull() ? null : Long.parseLong(v.asText());
      }
      return new HintedClients.Hinted(LabHttp.outcome(x, !read, value, node.id()), x.leaderHint());
    }
  }

  /** Each replica's epoch and role, polled as the load runs. */
  private static final class Epochs {
    private final JvmCluster cluster;
    private final LabHttp http = new LabHttp();
    private final Map<String, Long> highest = new HashMap<>();
    final Map<Long, String> leaders = new java.util.TreeMap<>();
    private final List<String> problems = new ArrayList<>();

    Epochs(JvmCluster cluster) {
      this.cluster = cluster;
    }

    synchronized void poll() {
      for (int i = 0; i < cluster.size(); i++) {
        String id = cluster.node(i).id();
        try {
          http.getJson(cluster.node(i).spec().httpPort(), "/repl/kv").ifPresent(s -> observe(id, s));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    private void observe(String id, JsonNode status) {
      long epoch = status.get("epoch").asLong();
      Long before = highest.put(id, Math.max(epoch, highest.getOrDefault(id, 0L)));
      if (before != null && epoch < before) {
        problems.add(id + " went from epoch " + before + " back to " + epoch);
      }
      if ("leader".equalsIgnoreCase(status.get("role").asText())) {
        String other = leaders.putIfAbsent(epoch, id);
        if (other != null && !other.equals(id)) {
          problems.add("epoch " + epoch + " led by both " + other + " and " + id);
        }
      }
    }

    synchronized void assertInOrder() {
      assertEquals(List.of(), problems, "fencing tokens in order and each held once");
      assertTrue(leaders.size() >= 2, "leadership of the replicated store changed: " + leaders);
    }
  }
}
