package dev.chorus.testkit.workload;

import dev.chorus.testkit.history.HistoryWriter;
import dev.chorus.testkit.history.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Concurrent clients with a bounded rate and a bounded run time, each recording every operation
 * as an invoke followed by ok, fail or info. After an info (outcome unknown, maybe still in
 * flight) the client carries on under a new process id, Jepsen's rule, so that no process has two
 * operations open at once.
 */
public final class Workload {
  /** Performs one operation for a client. */
  @FunctionalInterface
  public interface Invoker {
    /**
     * Calls the system. Must return within its own timeout: an {@link Outcome#info} for a
     * timeout. An exception is recorded as info too, since it says nothing certain.
     *
     * @param client the client's index, 0-based (for choosing a node)
     */
    Outcome invoke(int client) throws Exception;
  }

  /**
   * How an operation ended.
   *
   * @param type ok, fail or info
   * @param value the result (for reads) or the value written
   * @param node the node that served it, or null
   */
  public record Outcome(Op.Type type, Object value, String node) {
    /** It took effect. */
    public static Outcome ok(Object value, String node) {
      return new Outcome(Op.Type.OK, value, node);
    }

    /** It certainly did not take effect. */
    public static Outcome fail(Object reason, String node) {
      return new Outcome(Op.Type.FAIL, reason, node);
    }

    /** Its outcome is unknown. */
    public static Outcome info(Object reason, String node) {
      return new Outcome(Op.Type.INFO, reason, node);
    }
  }

  /**
   * Counts of completed operations.
   *
   * @param ok took effect
   * @param fail certainly did not
   * @param info unknown
   */
  public record Counts(long ok, long fail, long info) {
    /** All completions. */
    public long total() {
      return ok + fail + info;
    }
  }

  /**
   * What to run.
   *
   * @param f the operation's name in the history
   * @param key the key, or null
   * @param clients how many concurrent clients
   * @param opsPerSecondPerClient the most operations a client starts per second
   * @param duration how long clients keep starting operations
   */
  public record Spec(String f, String key, int clients, double opsPerSecondPerClient, Duration duration) {}

  /**
   * One operation a client is about to invoke, as the history records it.
   *
   * @param f the operation
   * @param key the key, or null
   * @param value what it writes or compares (null for a read)
   */
  public record Invocation(String f, String key, Object value) {}

  /** Chooses each client's next operation. Called from the client's own thread. */
  @FunctionalInterface
  public interface Generator {
    /** The next operation of client {@code client} (0-based). */
    Invocation next(int client);
  }

  /** Performs a chosen operation; the contract of {@link Invoker#invoke} applies. */
  @FunctionalInterface
  public interface OperationInvoker {
    /** Calls the system for {@code op}. */
    Outcome invoke(int client, Invocation op) throws Exception;
  }

  private Workload() {}

  /**
   * Runs the clients until {@code spec.duration()} has passed, then waits for their last
   * operations. Reports progress about once a second.
   */
  public static Counts run(Spec spec, Invoker invoker, HistoryWriter history, Consumer<Duration> progress)
      throws InterruptedException {
    return run(spec, invoker, history, progress, () -> false);
  }

  /**
   * As {@link #run(Spec, Invoker, HistoryWriter, Consumer)}, but clients also stop starting
   * operations once {@code stop} holds: the run is bounded by whichever comes first.
   */
  public static Counts run(Spec spec, Invoker invoker, HistoryWriter history, Consumer<Duration> progress,
      java.util.function.BooleanSupplier stop) throws InterruptedException {
    return run(spec, client -> new Invocation(spec.f(), spec.key(), null), (client, op) -> invoker.invoke(client),
        history, progress, stop);
  }

  /**
   * As {@link #run(Spec, Invoker, HistoryWriter, Consumer, java.util.function.BooleanSupplier)},
   * with operations of several kinds: {@code generator} chooses each one (its f, key and value go
   * into the history; {@code spec.f()} and {@code spec.key()} are not used).
   */
  public static Counts run(Spec spec, Generator generator, OperationInvoker invoker, HistoryWriter history,
      Consumer<Duration> progress, java.util.function.BooleanSupplier stop) throws InterruptedException {
    AtomicLong ok = new AtomicLong();
    AtomicLong fail = new AtomicLong();
    AtomicLong info = new AtomicLong();
    long end = history.now() + spec.duration().toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < spec.clients(); c++) {
      int client = c;
      Thread t = new Thread(() -> clientLoop(spec, client, generator, invoker, history, end, stop, ok, fail, info),
          "client-" + c);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    long started = history.now();
    while (threads.stream().anyMatch(Thread::isAlive)) {
      TimeUnit.SECONDS.timedJoin(threads.get(0), 1);
      threads.removeIf(t -> !t.isAlive());
      progress.accept(Duration.ofNanos(Math.min(history.now(), end) - started));
    }
    return new Counts(ok.get(), fail.get(), info.get());
  }

  private static void clientLoop(Spec spec, int client, Generator generator, OperationInvoker invoker,
      HistoryWriter history, long end, java.util.function.BooleanSupplier stop, AtomicLong ok, AtomicLong fail,
      AtomicLong info) {
    long process = client;
    long interval = (long) (1e9 / spec.opsPerSecondPerClient());
    long next = history.now();
    while (history.now() < end && !stop.getAsBoolean()) {
      Invocation op = generator.next(client);
      Op invoke = Op.client(process, Op.Type.INVOKE, op.f(), op.key(), op.value(), history.now(), null);
      history.append(invoke);
      Outcome outcome;
      try {
        outcome = invoker.invoke(client, op);
      } catch (Exception e) {
        outcome = Outcome.info(e.toString(), null);
      }
      history.append(invoke.complete(outcome.type(), outcome.value(), history.now(), outcome.node()));
      switch (outcome.type()) {
        case OK -> ok.incrementAndGet();
        case FAIL -> fail.incrementAndGet();
        default -> {
          info.incrementAndGet();
          process += spec.clients(); // Jepsen's rule: the old process may still be in flight
        }
      }
      next += interval;
      long wait = next - history.now();
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }
}
