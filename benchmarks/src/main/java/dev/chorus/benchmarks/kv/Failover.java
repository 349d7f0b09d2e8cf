package dev.chorus.benchmarks.kv;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Time to elect a new leader after kill -9: one client writes sequentially to the leader; the
 * leader's JVM is killed; the time runs from the kill until (a) a survivor's {@code /raft/kv}
 * says it is the leader, and (b) a write is acknowledged by a survivor. The client follows the
 * servers' leader hints and tries each survivor in turn, pausing 5 ms after a failed attempt. The
 * killed node is then restarted and the cluster left to settle before the next round.
 */
final class Failover {
  /** One round; the times are from the kill, in milliseconds. */
  record Round(int round, String killed, String newLeader, double visibleMillis, double firstWriteMillis) {}

  private static final Duration BOUND = Duration.ofSeconds(60);
  private static final Duration SETTLE = Duration.ofSeconds(3);
  private final ChorusCluster cluster;
  private final String value;

  Failover(ChorusCluster cluster, int valueSize) {
    this.cluster = cluster;
    this.value = "v".repeat(valueSize);
  }

  void run(int rounds, PrintStream out) throws InterruptedException {
    List<Integer> all = IntStream.range(0, cluster.nodes().size()).boxed().toList();
    for (int r = 1; r <= rounds; r++) {
      int leader = cluster.awaitLeader(all);
      Round round = round(r, leader, all.stream().filter(i -> i != leader).toList());
      out.printf("FAILOVER round=%d killed=%s new_leader=%s leader_visible_ms=%.0f first_write_ms=%.0f%n",
          round.round(), round.killed(), round.newLeader(), round.visibleMillis(), round.firstWriteMillis());
      cluster.nodes().restart(leader);
      cluster.awaitLeader(all);
      Thread.sleep(SETTLE.toMillis());
    }
  }

  private Round round(int r, int leader, List<Integer> survivors) throws InterruptedException {
    AtomicLong killedAt = new AtomicLong();
    AtomicLong firstWrite = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    Thread writer = new Thread(() -> write(leader, survivors, killedAt, firstWrite, stop), "failover-writer");
    writer.start();
    try {
      Thread.sleep(1000);
      killedAt.set(System.nanoTime());
      cluster.nodes().kill(leader);
      long deadline = killedAt.get() + BOUND.toNanos();
      Optional<Integer> visible = Optional.empty();
      long visibleAt = 0;
      while (visible.isEmpty() && System.nanoTime() < deadline) {
        for (int s : survivors) {
          if (cluster.probe().chorus(cluster.httpPort(s)).map(LeaderProbe.View::isLeader).orElse(false)) {
            visible = Optional.of(s);
            visibleAt = System.nanoTime();
            break;
          }
        }
        Thread.sleep(10);
      }
      while (firstWrite.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      return new Round(r, cluster.nodes().nodeId(leader), visible.map(cluster.nodes()::nodeId).orElse("none"),
          visible.isEmpty() ? Double.NaN : (visibleAt - killedAt.get()) / 1e6,
          firstWrite.get() == 0 ? Double.NaN : (firstWrite.get() - killedAt.get()) / 1e6);
    } finally {
      stop.set(true);
      writer.join(5000);
    }
  }

  private void write(int leader, List<Integer> survivors, AtomicLong killedAt, AtomicLong firstWrite, AtomicBoolean stop) {
    int target = leader;
    int next = 0;
    long seq = 0;
    while (!stop.get() && firstWrite.get() == 0) {
      HttpRequest put = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.httpPort(target) + "/kv/failover-"
          + (seq++ % 100))).timeout(Duration.ofSeconds(1)).PUT(HttpRequest.BodyPublishers.ofString(value)).build();
      int status = cluster.probe().status(put);
      if (status == 200 && killedAt.get() != 0 && target != leader) {
        firstWrite.compareAndSet(0, System.nanoTime());
      } else if (status != 200 && killedAt.get() != 0) {
        target = nextTarget(target, leader, survivors, next++);
        pause();
      }
    }
  }

  // Follows a survivor's leader hint when it has one; otherwise tries the survivors in turn.
  private int nextTarget(int current, int leader, List<Integer> survivors, int attempt) {
    if (current != leader) {
      Optional<String> hint = cluster.probe().chorus(cluster.httpPort(current)).flatMap(LeaderProbe.View::leader);
      for (int s : survivors) {
        if (hint.isPresent() && hint.get().equals(cluster.nodes().nodeId(s)) && s != current) {
          return s;
        }
      }
    }
    return survivors.get(attempt % survivors.size());
  }

  private static void pause() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
