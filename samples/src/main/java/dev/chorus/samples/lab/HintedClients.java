package dev.chorus.samples.lab;

import dev.chorus.testkit.cluster.JvmCluster;
import dev.chorus.testkit.cluster.JvmNodeSpec;
import dev.chorus.testkit.history.HistoryWriter;
import dev.chorus.testkit.history.Op;
import dev.chorus.testkit.workload.Workload.Invocation;
import dev.chorus.testkit.workload.Workload.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * Lab clients of a store with a leader: each client sends its operations to the node it last
 * found leading, and after anything but ok goes where the answer's leader hint points (a 421), or
 * else to the next node. Also the set workload's unique elements, and its final read. Each client
 * is used from its own thread; elements are handed out thread-safely.
 */
final class HintedClients {
  /** What a node answered to one operation, and the leader it pointed to, if any. */
  record Hinted(Outcome outcome, String leaderHint) {}

  /** Sends one operation to one node. */
  @FunctionalInterface
  interface Call {
    Hinted call(JvmNodeSpec node, Invocation op) throws InterruptedException;
  }

  /** The process id of the final read, apart from every client's. */
  static final long FINAL_READ_PROCESS = 1_000_000;
  private static final long RETRY_MILLIS = 100;

  private final JvmCluster cluster;
  private final Call call;
  private final int[] preferred;
  private final AtomicLong nextElement = new AtomicLong();

  HintedClients(JvmCluster cluster, int clients, Call call) {
    this.cluster = cluster;
    this.call = call;
    this.preferred = new int[clients];
    for (int c = 0; c < clients; c++) {
      preferred[c] = c % cluster.size();
    }
  }

  /** A set element never handed out before; the final read looks for every one. */
  long newElement() {
    return nextElement.incrementAndGet();
  }

  /** One operation of client {@code client} at the node it prefers; moves on after anything but ok. */
  Outcome invoke(int client, Invocation op) throws InterruptedException {
    return invoke(client, op, call);
  }

  /** As {@link #invoke(int, Invocation)}, sent by {@code by}. */
  Outcome invoke(int client, Invocation op, Call by) throws InterruptedException {
    Hinted a = by.call(cluster.node(preferred[client]).spec(), op);
    if (a.outcome().type() != Op.Type.OK) {
      preferred[client] = next(preferred[client], a.leaderHint());
    }
    return a.outcome();
  }

  private int next(int node, String hint) {
    for (int i = 0; hint != null && i < cluster.size(); i++) {
      if (cluster.node(i).spec().id().equals(hint)) {
        return i;
      }
    }
    return (node + 1) % cluster.size();
  }

  /**
   * After the faults, one read of the whole set, retried at the hinted leader until it answers
   * (within {@code bound}) and recorded as the set's final read: ok with the elements it holds, or
   * fail if the bound ran out.
   *
   * @param read the read of the set
   * @param elements the elements an ok read's value holds, duplicates kept
   */
  boolean finalRead(HistoryWriter writer, String set, Duration bound, Invocation read,
      java.util.function.Function<Object, List<Long>> elements) throws InterruptedException {
    Op invoke = Op.client(FINAL_READ_PROCESS, Op.Type.INVOKE, "read", set, null, writer.now(), null);
    writer.append(invoke);
    long deadline = System.nanoTime() + bound.toNanos();
    for (int node = 0; ; ) {
      Hinted a = call.call(cluster.node(node).spec(), read);
      if (a.outcome().type() == Op.Type.OK) {
        writer.append(invoke.complete(Op.Type.OK, elements.apply(a.outcome().value()), writer.now(), null));
        return true;
      }
      if (System.nanoTime() > deadline) {
        writer.append(invoke.complete(Op.Type.FAIL, "the final read did not finish", writer.now(), null));
        return false;
      }
      node = next(node, a.leaderHint());
      Thread.sleep(RETRY_MILLIS);
    }
  }

  /**
   * After the faults, one read of every element handed out, each retried at the hinted leader
   * until it answers (within {@code bound}), recorded as one final read of {@code set} spanning
   * them all: ok with the elements present, or fail if the bound ran out.
   *
   * @param read the read of one element's key
   * @param present whether an ok read's value says the element is there
   * @return whether every element was read
   */
  boolean finalRead(HistoryWriter writer, String set, Duration bound, LongFunction<Invocation> read,
      Predicate<Object> present)
      throws InterruptedException {
    Op invoke = Op.client(FINAL_READ_PROCESS, Op.Type.INVOKE, "read", set, null, writer.now(), null);
    writer.append(invoke);
    long deadline = System.nanoTime() + bound.toNanos();
    List<Long> found = new ArrayList<>();
    int node = 0;
    for (long e = 1; e <= nextElement.get(); e++) {
      while (true) {
        Hinted a = call.call(cluster.node(node).spec(), read.apply(e));
        if (a.outcome().type() == Op.Type.OK) {
          if (present.test(a.outcome().value())) {
            found.add(e);
          }
          break;
        }
        if (System.nanoTime() > deadline) {
          writer.append(invoke.complete(Op.Type.FAIL, "final reads did not finish", writer.now(), null));
          return false;
        }
        node = next(node, a.leaderHint());
        Thread.sleep(RETRY_MILLIS);
      }
    }
    writer.append(invoke.complete(Op.Type.OK, found, writer.now(), null));
    return true;
  }
}
