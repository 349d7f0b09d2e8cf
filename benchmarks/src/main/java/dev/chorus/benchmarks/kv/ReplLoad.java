package dev.chorus.benchmarks.kv;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The leader-follower store of one write mode beside the Raft KV, in the same node JVMs: launches
 * {@code chorus node --raft-kv ... --replicated-kv ... --repl-mode M}, then measures, with
 * {@link HttpLoad}'s closed loop, (1) writes at the store's leader, sampling every replica's lag
 * meanwhile ({@link LagSampler}); (2) the Raft KV's writes at its leader; (3) reads at every
 * follower at once, at each read level. The mode is a node flag, so each mode is its own launch:
 * run this once per mode. Prints {@code RESULT} lines as {@link KvLoad} does, and a {@code LAG}
 * line per write run and view.
 *
 * <p>Run: {@code java -cp "benchmarks/target/chorus-benchmarks.jar:benchmarks/target/lib/*"
 * dev.chorus.benchmarks.kv.ReplLoad --mode semi-sync --clients 1,16,64,256}
 */
@Command(name = "replload", mixinStandardHelpOptions = true,
    description = "Closed-loop HTTP load on Chorus's leader-follower store in one mode, beside its Raft KV.")
public final class ReplLoad implements Callable<Integer> {
  static final String STORE = "kv";

  @Option(names = "--mode", required = true, description = "async, semi-sync or sync (strict, no downgrade).")
  String mode;

  @Option(names = "--semi-sync-followers", defaultValue = "1", description = "For semi-sync: followers per write.")
  int semiSyncFollowers;

  @Mixin
  LoadOptions run = new LoadOptions();

  @Option(names = "--clients", split = ",", defaultValue = "1,16,64,256", description = "Writing clients per run.")
  List<Integer> clients;

  @Option(names = "--read-levels", split = ",", defaultValue = "eventual,session",
      description = "Read levels served by followers (eventual, session), each measured at every follower at once.")
  List<String> readLevels;

  @Option(names = "--read-clients", split = ",", defaultValue = "1,16,64", description = "Reading clients per follower.")
  List<Integer> readClients;

  @Option(names = "--raft", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Also measure the Raft KV's writes in the same JVMs (default: ${DEFAULT-VALUE}).")
  boolean raft;

  @Option(names = "--lag-interval-ms", defaultValue = "50", description = "How often the lag is sampled (10-10000).")
  int lagIntervalMillis;

  @Option(names = "--work-dir", defaultValue = "target/replload",
      description = "Parent of the nodes' data and logs; each launch gets a new directory in it.")
  Path workDir;

  private static final int NODES = 3;
  private final LeaderProbe probe = new LeaderProbe();
  private long sequence;
  private byte[] value;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ReplLoad()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    validate();
    value = KvLoad.value(run.valueSize);
    Path dir = workDir.resolve(mode + "-" + System.currentTimeMillis());
    List<Integer> all = IntStream.range(0, NODES).boxed().toList();
    try (ChorusCluster cluster = ChorusCluster.start(NODES, dir, run.nodeJvmOptions, this::storeArgs)) {
      int leader = cluster.awaitReplicatedLeader(all, STORE);
      awaitWritable(cluster.httpPort(leader));
      System.out.printf("# mode %s, data under %s%n", modeName(), dir);
      List<Integer> ports = all.stream().map(cluster::httpPort).toList();
      writes(modeName(), () -> replicatedLeader(cluster, all), port -> KvApi.replicated(local(port), STORE,
          Optional.empty()), ports);
      if (raft) {
        writes("raft", () -> {
          int i = cluster.awaitLeader(all);
          System.out.println("# raft-kv leader " + cluster.nodes().nodeId(i));
          return cluster.httpPort(i);
        }, port -> KvApi.chorus(local(port)), List.of());
      }
      int leaderNow = cluster.awaitReplicatedLeader(all, STORE);
      List<Integer> followers = all.stream().filter(i -> i != leaderNow).map(cluster::httpPort).toList();
      Optional<String> session = probe.get(put(cluster.httpPort(leaderNow), "session-probe"))
          .map(j -> j.path("session").asText());
      for (String level : readLevels) {
        for (int c : readClients) {
          KvLoad.print(modeName(), "read-" + level + "-followers", run.valueSize,
              readAtFollowers(followers, level, level.equals("session") ? session : Optional.empty(), c));
        }
      }
      for (int port : ports) {
        System.out.println("# status " + probe.replicatedStatus(port, STORE).map(JsonNode::toString).orElse("(none)"));
      }
    }
    return 0;
  }

  private List<String> storeArgs(String ids) {
    List<String> args = new ArrayList<>(List.of("--replicated-kv", ids, "--repl-mode", mode, "--repl-downgrade", "off"));
    if (mode.equals("semi-sync")) {
      args.addAll(List.of("--repl-semi-sync-followers", Integer.toString(semiSyncFollowers)));
    }
    return args;
  }

  private String modeName() {
    return mode.equals("semi-sync") ? "semi-sync-" + semiSyncFollowers : mode;
  }

  /**
   * The replicated store's leader now, which each run looks up again: a leader that lost its lease
   * during a run would otherwise leave every later run answered 421 by a follower.
   */
  private int replicatedLeader(ChorusCluster cluster, List<Integer> all) throws InterruptedException {
    int i = cluster.awaitReplicatedLeader(all, STORE);
    System.out.printf("# replicated leader %s in epoch %d%n", cluster.nodes().nodeId(i),
        probe.replicated(cluster.httpPort(i), STORE).map(LeaderProbe.View::term).orElse(-1L));
    return cluster.httpPort(i);
  }

  /** A leader's HTTP port, looked up when called. */
  @FunctionalInterface
  private interface LeaderPort {
    int find() throws InterruptedException;
  }

  /** Prewarms once, then one write run per client count at the leader of the time; samples lag at {@code lagPorts}, if any. */
  private void writes(String target, LeaderPort leader, IntFunction<KvApi> apiAt, List<Integer> lagPorts)
      throws Exception {
    int port = leader.find();
    InetSocketAddress addr = local(port);
    KvApi api = apiAt.apply(port);
    if (run.prewarmSeconds > 0) {
      HttpLoad.Result r = HttpLoad.run(addr, 16, () -> api.write(key(), value), Duration.ZERO,
          Duration.ofSeconds(run.prewarmSeconds), Long.MAX_VALUE);
      System.out.printf("# prewarm %s: %d writes by 16 clients in %d s, errors %s%n", target, r.ok(), run.prewarmSeconds,
          r.errors());
    }
    Duration warmup = Duration.ofSeconds(run.warmupSeconds);
    Duration duration = Duration.ofSeconds(run.durationSeconds);
    for (int c : clients) {
      port = leader.find();
      addr = local(port);
      KvApi at = apiAt.apply(port);
      LagSampler sampler = lagPorts.isEmpty() ? null
          : new LagSampler(probe, lagPorts, STORE, Duration.ofMillis(lagIntervalMillis), warmup, duration);
      HttpLoad.Result r = HttpLoad.run(addr, c, () -> at.write(key(), value), warmup, duration, Long.MAX_VALUE);
      KvLoad.print(target, "write", run.valueSize, r);
      if (sampler != null) {
        for (LagStats.Summary s : sampler.stop().summaries()) {
          System.out.printf("LAG target=%s clients=%d view=%s samples=%d offsets_p50=%d offsets_p99=%d offsets_max=%d "
                  + "ms_p50=%d ms_p99=%d ms_max=%d%n", target, c, s.view(), s.samples(), s.offsetsP50(), s.offsetsP99(),
              s.offsetsMax(), s.millisP50(), s.millisP99(), s.millisMax());
        }
      }
    }
  }

  /** {@code clients} readers at each follower at once, one selector thread per follower; combined. */
  private HttpLoad.Result readAtFollowers(List<Integer> ports, String level, Optional<String> session, int clients)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(ports.size());
    try {
      List<Future<HttpLoad.Result>> runs = new ArrayList<>();
      for (int port : ports) {
        KvApi api = KvApi.replicated(local(port), STORE, session);
        // Each thread its own key counter: the request source runs on its selector thread.
        long[] seq = {port};
        runs.add(pool.submit(() -> HttpLoad.run(local(port), clients,
            () -> api.read("bench-" + (seq[0]++ % run.keys), level), Duration.ofSeconds(run.warmupSeconds),
            Duration.ofSeconds(run.durationSeconds), Long.MAX_VALUE)));
      }
      List<HttpLoad.Result> results = new ArrayList<>();
      for (Future<HttpLoad.Result> f : runs) {
        results.add(f.get());
      }
      return HttpLoad.Result.combined(results);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Waits (bounded) until the leader acknowledges a write: it leads once its epoch's start record is durable. */
  private void awaitWritable(int port) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (probe.get(put(port, "ready-probe")).isPresent()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the replicated store's leader took no write within 60 s");
  }

  private HttpRequest.Builder put(int port, String key) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/repl/" + STORE + "/kv/" + key))
        .PUT(HttpRequest.BodyPublishers.ofString(new String(value, StandardCharsets.US_ASCII)));
  }

  private static InetSocketAddress local(int port) {
    return new InetSocketAddress("127.0.0.1", port);
  }

  private String key() {
    return "bench-" + (sequence++ % run.keys);
  }

  private void validate() {
    run.problems().forEach(p -> check(false, p));
    check(List.of("async", "semi-sync", "sync").contains(mode), "--mode must be async, semi-sync or sync, got " + mode);
    check(semiSyncFollowers >= 1 && semiSyncFollowers < NODES, "--semi-sync-followers must be 1-" + (NODES - 1));
    check(lagIntervalMillis >= 10 && lagIntervalMillis <= 10_000, "--lag-interval-ms must be 10-10000");
    check(clients.stream().allMatch(c -> c >= 1 && c <= 5000), "--clients must each be 1-5000, got " + clients);
    check(readClients.stream().allMatch(c -> c >= 1 && c <= 5000), "--read-clients must each be 1-5000");
    check(List.of("eventual", "session").containsAll(readLevels), "--read-levels: eventual or session, got " + readLevels);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new CommandLine.ParameterException(new CommandLine(new ReplLoad()), message);
    }
  }
}
