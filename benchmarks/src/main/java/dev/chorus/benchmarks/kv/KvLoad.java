package dev.chorus.benchmarks.kv;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Load on a replicated key-value store the way a client puts it: HTTP/1.1 with keep-alive, one
 * connection per client, each client sending its next request when the previous one is answered,
 * all to the leader. Targets: a Chorus raft-kv cluster of node JVMs that it launches itself, or an
 * etcd 3.4 cluster already running (through its JSON gateway). Prints one {@code RESULT} line per
 * run and, in failover mode, one {@code FAILOVER} line per round.
 *
 * <p>Run: {@code java -cp "benchmarks/target/chorus-benchmarks.jar:benchmarks/target/lib/*"
 * dev.chorus.benchmarks.kv.KvLoad --target chorus --ops write --clients 1,16,64,256}
 */
@Command(name = "kvload", mixinStandardHelpOptions = true,
    description = "Closed-loop HTTP load on Chorus raft-kv or etcd 3.4: throughput and latency percentiles.")
public final class KvLoad implements Callable<Integer> {
  enum Target { chorus, etcd }

  @Option(names = "--target", defaultValue = "chorus", description = "chorus (launches the nodes itself) or etcd (running; see --endpoints).")
  Target target;

  @Option(names = "--endpoints", split = ",", description = "etcd client URLs, e.g. http://127.0.0.1:2379,...")
  List<URI> endpoints = new ArrayList<>();

  @Option(names = "--ops", split = ",", defaultValue = "write",
      description = "write, read-linearizable, read-lease, read-stale (Chorus: the leader's local read, the cost of request handling alone) or read-serializable (etcd), failover (Chorus).")
  List<String> ops;

  @Mixin
  LoadOptions run = new LoadOptions();

  @Option(names = "--clients", split = ",", defaultValue = "1,16,64,256", description = "Concurrent clients per run.")
  List<Integer> clients;

  @Option(names = "--rounds", defaultValue = "5", description = "Failover rounds (1-100).")
  int rounds;

  @Option(names = "--nodes", defaultValue = "3", description = "Chorus nodes to launch (3-7).")
  int nodes;

  @Option(names = "--work-dir", defaultValue = "target/kvload", description = "Chorus nodes' data and logs.")
  Path workDir;

  private long sequence;
  private boolean prewarmed;

  public static void main(String[] args) {
    System.exit(new CommandLine(new KvLoad()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    validate();
    byte[] value = value(run.valueSize);
    if (target == Target.etcd) {
      EtcdLeader leader = new EtcdLeader(endpoints);
      URI at = leader.await();
      System.out.println("# etcd leader " + at);
      for (String op : ops) {
        runAll(KvApi.etcd(new InetSocketAddress("127.0.0.1", at.getPort())), at.getPort(), op, value);
      }
      return 0;
    }
    try (ChorusCluster cluster = ChorusCluster.start(nodes, workDir, run.nodeJvmOptions)) {
      List<Integer> all = IntStream.range(0, nodes).boxed().toList();
      for (String op : ops) {
        if (op.equals("failover")) {
          new Failover(cluster, run.valueSize).run(rounds, System.out);
          continue;
        }
        int leader = cluster.awaitLeader(all);
        System.out.println("# chorus leader " + cluster.nodes().nodeId(leader));
        runAll(KvApi.chorus(new InetSocketAddress("127.0.0.1", cluster.httpPort(leader))), cluster.httpPort(leader), op, value);
      }
    }
    return 0;
  }

  private void runAll(KvApi api, int port, String op, byte[] value) throws IOException {
    InetSocketAddress addr = new InetSocketAddress("127.0.0.1", port);
    if (!prewarmed && run.prewarmSeconds > 0) {
      HttpLoad.Result r = HttpLoad.run(addr, 16, () -> api.write(key(), value), Duration.ZERO,
          Duration.ofSeconds(run.prewarmSeconds), Long.MAX_VALUE);
      System.out.printf("# prewarm: %d writes by 16 clients in %d s, errors %s%n", r.ok(), run.prewarmSeconds, r.errors());
      prewarmed = true;
    }
    if (op.startsWith("read-")) {
      // Every key exists before reads are measured.
      HttpLoad.run(addr, 16, () -> api.write(key(), value), Duration.ZERO, Duration.ofSeconds(120), run.keys);
    }
    for (int c : clients) {
      HttpLoad.RequestSource source = op.equals("write") ? () -> api.write(key(), value)
          : () -> api.read(key(), op.substring("read-".length()));
      HttpLoad.Result r = HttpLoad.run(addr, c, source, Duration.ofSeconds(run.warmupSeconds),
          Duration.ofSeconds(run.durationSeconds), Long.MAX_VALUE);
      print(op, r);
    }
  }

  private void print(String op, HttpLoad.Result r) {
    print(target.name(), op, run.valueSize, r);
  }

  /** Prints one run's {@code RESULT} line (the format docs/results/ holds), and its first error of each kind. */
  static void print(String target, String op, int valueSize, HttpLoad.Result r) {
    Histogram h = r.latencyNanos();
    System.out.printf("RESULT target=%s op=%s clients=%d value_bytes=%d ok=%d seconds=%.1f ops_per_s=%.0f "
            + "p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f errors=%s%n",
        target, op, r.clients(), valueSize, r.ok(), r.seconds(), r.throughput(), ms(h, 50), ms(h, 99), ms(h, 99.9),
        h.getMaxValue() / 1e6, r.errors());
    r.errorSamples().forEach((kind, sample) -> System.out.println("#   first " + kind + ": "
        + sample.replace("\r\n", " | ")));
    System.out.flush();
  }

  private static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e6;
  }

  private String key() {
    return "bench-" + (sequence++ % run.keys);
  }

  /** {@code size} random lower-case ASCII letters, the same on every run. */
  static byte[] value(int size) {
    Random random = new Random(42);
    byte[] v = new byte[size];
    for (int i = 0; i < size; i++) {
      v[i] = (byte) ('a' + random.nextInt(26));
    }
    return v;
  }

  private void validate() {
    run.problems().forEach(p -> check(false, p));
    check(rounds >= 1 && rounds <= 100, "--rounds must be 1-100, got " + rounds);
    check(nodes >= 3 && nodes <= 7, "--nodes must be 3-7, got " + nodes);
    check(clients.stream().allMatch(c -> c >= 1 && c <= 5000), "--clients must each be 1-5000, got " + clients);
    check(target == Target.chorus || !endpoints.isEmpty(), "--target etcd needs --endpoints");
    for (String op : ops) {
      boolean known = op.equals("write") || (target == Target.chorus
          ? List.of("read-linearizable", "read-lease", "read-stale", "failover").contains(op)
          : List.of("read-linearizable", "read-serializable").contains(op));
      check(known, "--ops: unknown op '" + op + "' for target " + target);
    }
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new CommandLine.ParameterException(new CommandLine(new KvLoad()), message);
    }
  }

  /** Finds the etcd member that leads, through each endpoint's status. */
  private static final class EtcdLeader {
    private final List<URI> endpoints;
    private final LeaderProbe probe = new LeaderProbe();

    EtcdLeader(List<URI> endpoints) {
      this.endpoints = endpoints;
    }

    URI await() throws InterruptedException {
      for (int attempt = 0; attempt < 300; attempt++) {
        for (URI e : endpoints) {
          if (probe.etcd(e).map(LeaderProbe.View::isLeader).orElse(false)) {
            return e;
          }
        }
        Thread.sleep(100);
      }
      throw new IllegalStateException("no etcd leader among " + endpoints + " within 30 s");
    }
  }
}
