package dev.chorus.testkit.check;

import com.fasterxml.jackson.databind.node.LongNode;
import dev.chorus.testkit.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Histories for testing checkers and for benchmarks: records a real concurrent execution of an atomic compare-and-set register: each operation
 * takes effect at one instant between its invocation and completion, so the history is
 * linearizable by construction. Written values are unique, so a corrupted read is provably
 * wrong. Some operations end info (taking effect or not) and their process moves on under a new
 * id, as Jepsen's clients do.
 */
public final class AtomicRegisterRun {
  private AtomicRegisterRun() {}

  private record Pending(int process, Op invoke, boolean applied, Object result) {}

  /**
   * A history of {@code operations} reads, writes and compare-and-sets by {@code clients}
   * concurrent clients over {@code keys} keys, from {@code seed}: the same arguments give the
   * same history. About one in twenty operations ends info; cas that does not match ends fail.
   */
  public static List<Op> record(long seed, int clients, int operations, int keys) {
    Random random = new Random(seed);
    List<Op> events = new ArrayList<>();
    Map<String, Long> register = new HashMap<>();
    Pending[] pending = new Pending[clients];
    int[] process = new int[clients];
    for (int c = 0; c < clients; c++) {
      process[c] = c;
    }
    long time = 0;
    long nextValue = 1;
    int invoked = 0;
    while (invoked < operations || anyPending(pending)) {
      time++;
      int c = random.nextInt(clients);
      Pending p = pending[c];
      if (p == null) {
        if (invoked < operations) {
          pending[c] = new Pending(process[c], invoke(random, process[c], keys, nextValue++, register, time), false, null);
          events.add(pending[c].invoke());
          invoked++;
        }
      } else if (!p.applied()) {
        pending[c] = new Pending(p.process(), p.invoke(), true, apply(p.invoke(), register));
      } else {
        events.add(complete(random, p, time));
        if (events.get(events.size() - 1).type() == Op.Type.INFO) {
          process[c] += clients;
        }
        pending[c] = null;
      }
    }
    return events;
  }

  private static boolean anyPending(Pending[] pending) {
    for (Pending p : pending) {
      if (p != null) {
        return true;
      }
    }
    return false;
  }

  private static Op invoke(Random random, int process, int keys, long fresh, Map<String, Long> register, long time) {
    String key = "k" + random.nextInt(keys);
    int kind = random.nextInt(3);
    if (kind == 0) {
      return Op.client(process, Op.Type.INVOKE, "read", key, null, time, null);
    }
    if (kind == 1) {
      return Op.client(process, Op.Type.INVOKE, "write", key, fresh, time, null);
    }
    Long current = register.get(key);
    Long expected = random.nextBoolean() && current != null ? current : Long.valueOf(random.nextInt(3));
    return Op.client(process, Op.Type.INVOKE, "cas", key, List.of(expected, fresh), time, null);
  }

  /** Takes effect now; returns the result, or FAILED for a cas that did not match. */
  private static Object apply(Op invoke, Map<String, Long> register) {
    String key = invoke.key();
    switch (invoke.f()) {
      case "read":
        return register.get(key);
      case "write":
        register.put(key, invoke.value().asLong());
        return invoke.value();
      default:
        Long current = register.get(key);
        if (current == null || current != invoke.value().get(0).asLong()) {
          return FAILED;
        }
        register.put(key, invoke.value().get(1).asLong());
        return invoke.value();
    }
  }

  private static final Object FAILED = new Object();

  private static Op complete(Random random, Pending p, long time) {
    if (p.result() == FAILED) {
      return p.invoke().complete(Op.Type.FAIL, null, time, "n1");
    }
    if (random.nextInt(20) == 0) {
      return p.invoke().complete(Op.Type.INFO, null, time, "n1");
    }
    return p.invoke().complete(Op.Type.OK, p.result(), time, "n1");
  }

  /**
   * The history with one read made impossible: a read that began after write w completed now
   * returns the value of a write that completed before w began. Values are unique, so no order
   * explains it.
   *
   * @throws IllegalStateException if the history has no such read (too short)
   */
  public static List<Op> corruptOneRead(List<Op> history, long seed) {
    List<Operation> ops = History.operations(history);
    Map<Long, Operation> writerOf = new HashMap<>();
    for (Operation op : ops) {
      if (op.isOk() && !op.f().equals("read")) {
        writerOf.put(op.f().equals("write") ? op.input().asLong() : op.input().get(1).asLong(), op);
      }
    }
    List<int[]> candidates = new ArrayList<>();
    for (Operation read : ops) {
      if (!read.isOk() || !read.f().equals("read") || read.output() == null) {
        continue;
      }
      Operation w = writerOf.get(read.output().asLong());
      if (w == null || !w.precedes(read)) {
        continue;
      }
      for (Operation older : writerOf.values()) {
        if (older.key().equals(read.key()) && older.precedes(w)) {
          candidates.add(new int[] {read.line() - 1, (int) writtenBy(older)});
        }
      }
    }
    if (candidates.isEmpty()) {
      throw new IllegalStateException("no read to corrupt; lengthen the run");
    }
    candidates.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]));
    int[] pick = candidates.get(new Random(seed).nextInt(candidates.size()));
    List<Op> corrupt = new ArrayList<>(history);
    Op e = corrupt.get(pick[0]);
    corrupt.set(pick[0], new Op(e.process(), e.type(), e.f(), e.key(), LongNode.valueOf(pick[1]), e.time(), e.node()));
    return corrupt;
  }

  private static long writtenBy(Operation op) {
    return op.f().equals("write") ? op.input().asLong() : op.input().get(1).asLong();
  }
}
