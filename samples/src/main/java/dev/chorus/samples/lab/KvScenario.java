package dev.chorus.samples.lab;

import dev.chorus.samples.cli.Chorus;
import dev.chorus.samples.cli.NodeArgs;
import dev.chorus.testkit.check.LinearizabilityChecker;
import dev.chorus.testkit.check.Models;
import dev.chorus.testkit.check.SetChecker;
import dev.chorus.testkit.check.Verdict;
import dev.chorus.testkit.cluster.JvmCluster;
import dev.chorus.testkit.cluster.JvmNodeSpec;
import dev.chorus.testkit.history.HistoryReader;
import dev.chorus.testkit.history.HistoryWriter;
import dev.chorus.testkit.history.Op;
import dev.chorus.testkit.nemesis.Nemesis;
import dev.chorus.testkit.nemesis.NemesisSchedule;
import dev.chorus.testkit.workload.Workload;
import dev.chorus.testkit.workload.Workload.Invocation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The Raft key-value store ({@code RaftKv}) under every fault kind: clients read (linearizably),
 * write and compare-and-set a few registers, and append unique elements to one list in their
 * exactly-once sessions, retrying an append whose outcome they do not know with the same sequence
 * number, and sending one acknowledged append in five again as if its answer had been lost (the
 * faults column counts retries, replays and the duplicates the store answered), over HTTP,
 * following the leader's hints. It passes if every fault observably happened,
 * the register history is linearizable, and the list's final read holds every acknowledged
 * element and none twice (Jepsen's set check: a retry applied twice would show).
 */
public final class KvScenario implements LabScenario {
  static final Duration RECOVERY_BOUND = Duration.ofSeconds(45);
  private static final Duration TAIL = Duration.ofSeconds(5);
  private static final Duration FINAL_READS = Duration.ofSeconds(60);
  private static final int KEYS = 4;
  static final int CLIENTS = 5;

  @Override
  public String name() {
    return "kv";
  }

  @Override
  public String description() {
    return "Raft key-value store under partitions, kill -9, pauses, clock skew and clock rates; linearizable, no acknowledged write lost";
  }

  @Override
  public Duration defaultDuration() {
    return Duration.ofSeconds(155);
  }

  @Override
  public LabVerdict run(long seed, int nodes, Duration duration, Path out, Consumer<String> progress) throws Exception {
    NemesisSchedule schedule = MembershipScenario.plan(seed, nodes, duration, defaultDuration(), progress);
    Path history = out.resolve("history.jsonl");
    KvHttpClient client = new KvHttpClient();
    try (JvmCluster cluster = JvmCluster.builder(Chorus.class.getName()).nodes(nodes)
            .workDir(out.resolve("nodes")).args(KvScenario::args).start();
        HistoryWriter writer = new HistoryWriter(history)) {
      FaultedRun.form(cluster, nodes, progress);
      KvClients clients = new KvClients(cluster, client, seed);
      Workload.Spec spec = new Workload.Spec("kv", null, CLIENTS, 5, duration.plus(RECOVERY_BOUND).plus(TAIL));
      FaultedRun.Result run = FaultedRun.run(cluster, writer, schedule, RECOVERY_BOUND, TAIL, progress,
          stop -> Workload.run(spec, clients::next, clients::invoke, writer,
              elapsed -> progress.accept("workload " + elapsed.toSeconds() + "/" + duration.toSeconds() + " s"), stop));
      progress.accept("reading back the list ...");
      clients.finalRead(writer, FINAL_READS);
      progress.accept("checking ...");
      return verdict(run.outcomes(), run.counts(), clients.retries(), history, out.resolve("nodes"));
    }
  }

  static List<String> args(JvmNodeSpec spec, List<JvmNodeSpec> all) {
    List<String> args = new ArrayList<>(NodeArgs.of(spec, all));
    args.add("--raft-kv");
    args.add(all.stream().map(JvmNodeSpec::id).collect(Collectors.joining(",")));
    return args;
  }

  private LabVerdict verdict(List<Nemesis.Outcome> outcomes, Workload.Counts counts, String retries, Path history,
      Path logs) throws java.io.IOException {
    List<Op> events = HistoryReader.read(history);
    List<Op> registers = events.stream().filter(e -> e.isNemesis() || !KvClients.SET.equals(e.key())).toList();
    List<Op> adds = events.stream().filter(e -> !e.isNemesis() && KvClients.SET.equals(e.key())).toList();
    List<Verdict> checks = List.of(
        MembershipCheck.faultsObserved(outcomes),
        new LinearizabilityChecker(Models.casRegister()).check(registers),
        SetChecker.create().check(adds));
    long observed = outcomes.stream().filter(Nemesis.Outcome::observed).count();
    return new LabVerdict(name(), outcomes.size() + " injected, " + observed + " observed; " + retries,
        counts.ok(), counts.fail(), counts.info(), checks, history, logs);
  }

  /** The clients' choices: which operation next; {@link HintedClients} chooses the node. */
  static final class KvClients {
    static final String SET = "adds";
    /** Tries of one append: the first, and retries while its outcome is unknown. */
    private static final int APPEND_TRIES = 4;
    private final HintedClients clients;
    private final KvHttpClient http;
    private final Random[] random = new Random[CLIENTS];
    private final KvHttpClient.Session[] sessions = new KvHttpClient.Session[CLIENTS];
    private final java.util.concurrent.atomic.AtomicLong retried = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong duplicates = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong replayed = new java.util.concurrent.atomic.AtomicLong();
    /** One acknowledged append in this many is sent again, as if its answer had been lost. */
    private static final int REPLAY_ONE_IN = 5;

    KvClients(JvmCluster cluster, KvHttpClient http, long seed) {
      this.http = http;
      this.clients = new HintedClients(cluster, CLIENTS, (node, op) -> {
        KvHttpClient.Answer a = http.invoke(node.httpPort(), node.id(), op);
        return new HintedClients.Hinted(a.outcome(), a.leaderHint());
      });
      for (int c = 0; c < CLIENTS; c++) {
        random[c] = new Random(seed * 31 + c);
      }
    }

    Invocation next(int client) {
      Random r = random[client];
      String key = "k" + r.nextInt(KEYS);
      return switch (r.nextInt(7)) {
        case 0, 1 -> new Invocation("read", key, null);
        case 2, 3 -> new Invocation("write", key, (long) r.nextInt(10));
        case 4, 5 -> new Invocation("cas", key, List.of((long) r.nextInt(10), (long) r.nextInt(10)));
        default -> new Invocation("add", SET, newElement());
      };
    }

    /** A set element never added before; the final read looks for every one. */
    long newElement() {
      return clients.newElement();
    }

    Workload.Outcome invoke(int client, Invocation op) throws InterruptedException {
      return op.f().equals("add") ? append(client, op) : clients.invoke(client, op);
    }

    /**
     * Appends in the client's session, opening one first if it has none. A try whose outcome is
     * unknown (504, no answer) is retried with the same sequence number, as an exactly-once client
     * does: the store applies it at most once. After an unknown try, a refusal cannot say the
     * element is absent (the unknown try may have applied it), so the append is info.
     */
    private Workload.Outcome append(int client, Invocation op) throws InterruptedException {
      if (sessions[client] == null) {
        Workload.Outcome opened = clients.invoke(client, op, (node, o) -> hinted(http.openSession(node.httpPort(), node.id())));
        if (opened.type() != Op.Type.OK) {
          return Workload.Outcome.fail("no session: " + opened.value(), opened.node());
        }
        sessions[client] = new KvHttpClient.Session((Long) opened.value(), 0);
      }
      KvHttpClient.Session session = new KvHttpClient.Session(sessions[client].clientId(), sessions[client].sequence() + 1);
      sessions[client] = session;
      boolean unknown = false;
      Workload.Outcome last = null;
      for (int t = 0; t < APPEND_TRIES; t++) {
        if (t > 0) {
          retried.incrementAndGet();
        }
        last = clients.invoke(client, op, (node, o) -> {
          KvHttpClient.Answer a = http.append(node.httpPort(), node.id(), o, session);
          if (a.duplicate()) {
            duplicates.incrementAndGet();
          }
          return hinted(a);
        });
        if (last.type() == Op.Type.OK || (last.type() == Op.Type.FAIL && !unknown)) {
          break;
        }
        unknown = unknown || last.type() == Op.Type.INFO;
      }
      if (last.type() == Op.Type.OK && random[client].nextInt(REPLAY_ONE_IN) == 0) {
        replay(client, op, session);
      }
      if (last.type() == Op.Type.FAIL && String.valueOf(last.value()).startsWith("410")) {
        sessions[client] = null; // expired: the next append opens a new session
      }
      return last.type() == Op.Type.FAIL && unknown ? Workload.Outcome.info(last.value(), last.node()) : last;
    }

    /**
     * Sends an acknowledged append again, as a client whose answer was lost would: the store must
     * answer it from the session (a duplicate) and not append twice, which the set check sees.
     */
    private void replay(int client, Invocation op, KvHttpClient.Session session) throws InterruptedException {
      replayed.incrementAndGet();
      clients.invoke(client, op, (node, o) -> {
        KvHttpClient.Answer a = http.append(node.httpPort(), node.id(), o, session);
        if (a.duplicate()) {
          duplicates.incrementAndGet();
        }
        return hinted(a);
      });
    }

    /** How often appends were retried or replayed in their sessions, and how many the store answered as duplicates. */
    String retries() {
      return retried.get() + " session retries, " + replayed.get() + " replays, " + duplicates.get() + " duplicates";
    }

    private static HintedClients.Hinted hinted(KvHttpClient.Answer a) {
      return new HintedClients.Hinted(a.outcome(), a.leaderHint());
    }

    /**
     * After the heal, one linearizable read of the list, recorded as the set's final read with
     * every element it holds, duplicates kept ({@link HintedClients#finalRead}).
     */
    void finalRead(HistoryWriter writer, Duration bound) throws InterruptedException {
      clients.finalRead(writer, SET, bound, new Invocation("read-list", SET, null), KvClients::elements);
    }

    static List<Long> elements(Object list) {
      String text = (String) list;
      return text.isEmpty() ? List.of()
          : java.util.Arrays.stream(text.split(",")).map(Long::parseLong).toList();
    }
  }
}
