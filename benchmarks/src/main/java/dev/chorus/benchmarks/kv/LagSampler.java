package dev.chorus.benchmarks.kv;

import java.time.Duration;
import java.util.List;

/**
 * Samples every replica's {@code GET /repl/{store}} into {@link LagStats} on its own thread while a
 * load runs beside it, during that load's measured window only. One blocking request at a time,
 * a few dozen a second in all: little next to the load it watches.
 */
final class LagSampler implements AutoCloseable {
  private final LeaderProbe probe;
  private final List<Integer> httpPorts;
  private final String store;
  private final long intervalNanos;
  private final long fromNanos;
  private final long untilNanos;
  private final LagStats stats = new LagStats();
  private final Thread thread;
  private volatile boolean stopped;

  /** Starts sampling every {@code interval}, from {@code warmup} after now for {@code duration}. */
  LagSampler(LeaderProbe probe, List<Integer> httpPorts, String store, Duration interval, Duration warmup,
      Duration duration) {
    this.probe = probe;
    this.httpPorts = List.copyOf(httpPorts);
    this.store = store;
    this.intervalNanos = interval.toNanos();
    this.fromNanos = System.nanoTime() + warmup.toNanos();
    this.untilNanos = fromNanos + duration.toNanos();
    this.thread = new Thread(this::run, "lag-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      sleepUntil(fromNanos);
      for (long next = System.nanoTime(); !stopped && next < untilNanos; next += intervalNanos) {
        for (int port : httpPorts) {
          probe.replicatedStatus(port, store).ifPresent(stats::addStatus);
        }
        sleepUntil(next + intervalNanos);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long wait = nanos - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }

  /** Stops sampling (waiting for the request under way) and returns what was sampled. */
  LagStats stop() throws InterruptedException {
    stopped = true;
    thread.interrupt();
    thread.join(Duration.ofSeconds(5).toMillis());
    return stats;
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
