package dev.chorus.samples.lab;

import dev.chorus.testkit.cluster.JvmCluster;
import dev.chorus.testkit.cluster.JvmNodeSpec;
import dev.chorus.testkit.history.HistoryWriter;
import dev.chorus.testkit.workload.Workload;
import dev.chorus.testkit.workload.Workload.Invocation;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * The replication-lag workload: each client writes a few shared registers at the leader and reads
 * them at a random follower, with or without its session token. A register's version is the offset
 * of its write, which the store reports, so the session checker can order what each read saw.
 */
final class LagClients {
  static final int CLIENTS = 4;
  private static final int KEYS = 2;
  private static final double OPS_PER_SECOND_PER_CLIENT = 10;

  /** How the clients read. */
  enum Reads {
    /** {@code consistency=eventual}, no token: whatever the follower holds. */
    EVENTUAL("eventual", "e"),
    /** {@code consistency=session} with the client's token on every read and write. */
    SESSION("session", "s");

    final String level;
    /** Each phase writes its own registers, so that its history is checked alone. */
    final String keyPrefix;

    Reads(String level, String keyPrefix) {
      this.level = level;
      this.keyPrefix = keyPrefix;
    }
  }

  private final JvmCluster cluster;
  private final ReplHttpClient http;
  private final int leader;
  private final List<Integer> followers;
  private final Reads reads;
  private final Random[] random = new Random[CLIENTS];
  private final String[] tokens = new String[CLIENTS];
  private final AtomicLong nextValue = new AtomicLong();

  LagClients(JvmCluster cluster, ReplHttpClient http, int leader, Reads reads, long seed) {
    this.cluster = cluster;
    this.http = http;
    this.leader = leader;
    this.followers = IntStream.range(0, cluster.size()).filter(i -> i != leader).boxed().toList();
    this.reads = reads;
    for (int c = 0; c < CLIENTS; c++) {
      random[c] = new Random(seed * 31 + c);
    }
  }

  /** Runs the clients for {@code duration}, recording into {@code writer}. */
  Workload.Counts run(HistoryWriter writer, Duration duration) throws InterruptedException {
    Workload.Spec spec = new Workload.Spec("lag", null, CLIENTS, OPS_PER_SECOND_PER_CLIENT, duration);
    return Workload.run(spec, this::next, this::invoke, writer, elapsed -> {}, () -> false);
  }

  private Invocation next(int client) {
    Random r = random[client];
    String key = reads.keyPrefix + r.nextInt(KEYS);
    // One write in three: reads soon after a write are what lag breaks.
    return r.nextInt(3) == 0 ? new Invocation("write", key, nextValue.incrementAndGet())
        : new Invocation("read", key, null);
  }

  private Workload.Outcome invoke(int client, Invocation op) throws InterruptedException {
    boolean read = op.f().equals("read");
    int node = read ? followers.get(random[client].nextInt(followers.size())) : leader;
    JvmNodeSpec spec = cluster.node(node).spec();
    String token = reads == Reads.SESSION ? tokens[client] : null;
    ReplHttpClient.Answer a = http.invoke(spec.httpPort(), spec.id(), op, reads.level, token);
    if (reads == Reads.SESSION) {
      if (a.ok()) {
        tokens[client] = a.session();
      } else if (a.sessionLost()) {
        tokens[client] = null; // a failover discarded what the session saw: start a new one
      }
    }
    return a.outcome();
  }
}
