package dev.chorus.benchmarks.kv;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop HTTP/1.1 load generator: {@code clients} keep-alive connections, each with one
 * request outstanding at a time, the next sent as soon as the previous answer has arrived. One
 * selector thread drives them all, so that on a small machine the generator takes little CPU
 * from the servers it measures (the JDK's HttpClient hands every response to another thread).
 *
 * <p>A response counts if it completes inside the measured window, after the warm-up. Latency is
 * from writing the request to reading the last byte of its response.
 */
final class HttpLoad {
  /** The next request's bytes, complete with headers. Called on the selector thread only. */
  @FunctionalInterface
  interface RequestSource {
    byte[] next();
  }

  /** What one run measured; errors by kind, each with the first such response seen. */
  record Result(int clients, long ok, double seconds, Histogram latencyNanos, Map<String, Long> errors,
      Map<String, String> errorSamples) {
    double throughput() {
      return ok / seconds;
    }

    /**
     * Runs made side by side (to different servers, over the same window) as one: clients and
     * answers summed, latencies and errors merged, over their mean window.
     */
    static Result combined(List<Result> runs) {
      Histogram latency = new Histogram(MAX_LATENCY_NANOS, 3);
      Map<String, Long> errors = new TreeMap<>();
      Map<String, String> samples = new TreeMap<>();
      for (Result r : runs) {
        latency.add(r.latencyNanos());
        r.errors().forEach((kind, n) -> errors.merge(kind, n, Long::sum));
        r.errorSamples().forEach(samples::putIfAbsent);
      }
      return new Result(runs.stream().mapToInt(Result::clients).sum(), runs.stream().mapToLong(Result::ok).sum(),
          runs.stream().mapToDouble(Result::seconds).average().orElse(1e-9), latency, errors, samples);
    }
  }

  private static final long MAX_LATENCY_NANOS = Duration.ofMinutes(2).toNanos();
  private static final long RECONNECT_DELAY_NANOS = Duration.ofMillis(50).toNanos();
  private static final Duration DRAIN = Duration.ofSeconds(10);

  private final InetSocketAddress target;
  private final RequestSource requests;
  private final Histogram latency = new Histogram(MAX_LATENCY_NANOS, 3);
  private final Map<String, Long> errors = new TreeMap<>();
  private final Map<String, String> errorSamples = new TreeMap<>();
  private final ArrayDeque<Conn> reconnects = new ArrayDeque<>();
  private Selector selector;
  private long measureFrom;
  private long measureUntil;
  private long ok;
  private long issued;
  private long maxRequests;
  private int inflight;
  private boolean stopped;

  private HttpLoad(InetSocketAddress target, RequestSource requests) {
    this.target = target;
    this.requests = requests;
  }

  /**
   * Runs {@code clients} connections against {@code target} for {@code warmup} plus
   * {@code duration}, or until {@code maxRequests} requests have been sent, and then waits a
   * bounded time for the answers still outstanding (not counted).
   */
  static Result run(InetSocketAddress target, int clients, RequestSource requests, Duration warmup, Duration duration,
      long maxRequests) throws IOException {
    return new HttpLoad(target, requests).drive(clients, warmup, duration, maxRequests);
  }

  private Result drive(int clients, Duration warmup, Duration duration, long maxRequests) throws IOException {
    this.maxRequests = maxRequests;
    long start = System.nanoTime();
    measureFrom = start + warmup.toNanos();
    measureUntil = measureFrom + duration.toNanos();
    long hardEnd = measureUntil + DRAIN.toNanos();
    List<Conn> conns = new ArrayList<>();
    try (Selector s = Selector.open()) {
      selector = s;
      for (int i = 0; i < clients; i++) {
        Conn c = new Conn();
        conns.add(c);
        connect(c);
      }
      long lastOk = System.nanoTime();
      while (true) {
        long now = System.nanoTime();
        if (!stopped && (now >= measureUntil || (issued >= maxRequests && inflight == 0))) {
          stopped = true;
          lastOk = Math.min(now, measureUntil);
        }
        if ((stopped && inflight == 0) || now >= hardEnd) {
          break;
        }
        selector.select(10);
        for (SelectionKey key : selector.selectedKeys()) {
          onReady((Conn) key.attachment(), key);
        }
        selector.selectedKeys().clear();
        retryConnects(System.nanoTime());
      }
      conns.forEach(Conn::close);
      double seconds = (Math.min(lastOk, measureUntil) - measureFrom) / 1e9;
      return new Result(clients, ok, Math.max(seconds, 1e-9), latency, errors, errorSamples);
    }
  }

  private void onReady(Conn c, SelectionKey key) {
    try {
      if (!key.isValid()) {
        return;
      }
      if (key.isConnectable()) {
        c.channel.finishConnect();
        send(c);
      } else if (key.isWritable()) {
        c.channel.write(c.out);
        if (!c.out.hasRemaining()) {
          key.interestOps(SelectionKey.OP_READ);
        }
      } else if (key.isReadable()) {
        read(c);
      }
    } catch (IOException | RuntimeException e) {
      fail(c, "io-" + e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
    }
  }

  private void read(Conn c) throws IOException {
    if (c.inLen == c.in.length) {
      c.in = java.util.Arrays.copyOf(c.in, c.in.length * 2);
    }
    int n = c.channel.read(ByteBuffer.wrap(c.in, c.inLen, c.in.length - c.inLen));
    if (n < 0) {
      fail(c, "io-closed-by-server", "");
      return;
    }
    c.inLen += n;
    HttpResponses.Parsed r = HttpResponses.parse(c.in, c.inLen);
    if (r == null) {
      return;
    }
    long done = System.nanoTime();
    inflight--;
    c.out = null;
    if (done >= measureFrom && done < measureUntil) {
      if (r.status() / 100 == 2) {
        ok++;
        latency.recordValue(Math.min(done - c.sentAt, MAX_LATENCY_NANOS));
      } else {
        error("http-" + r.status(), new String(c.in, 0, Math.min(r.end(), 400), StandardCharsets.UTF_8));
      }
    }
    System.arraycopy(c.in, r.end(), c.in, 0, c.inLen - r.end());
    c.inLen -= r.end();
    if (r.close()) {
      c.close();
      reconnect(c);
    } else {
      send(c);
    }
  }

  private void send(Conn c) throws IOException {
    if (stopped || issued >= maxRequests) {
      c.key.interestOps(0);
      return;
    }
    issued++;
    inflight++;
    c.out = ByteBuffer.wrap(requests.next());
    c.sentAt = System.nanoTime();
    c.channel.write(c.out);
    c.key.interestOps(c.out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
  }

  private void fail(Conn c, String kind, String detail) {
    if (c.busy()) {
      inflight--;
    }
    long now = System.nanoTime();
    if (now >= measureFrom && now < measureUntil) {
      error(kind, detail);
    }
    c.close();
    reconnect(c);
  }

  private void error(String kind, String sample) {
    errors.merge(kind, 1L, Long::sum);
    errorSamples.putIfAbsent(kind, sample);
  }

  private void reconnect(Conn c) {
    c.reconnectAt = System.nanoTime() + RECONNECT_DELAY_NANOS;
    reconnects.add(c);
  }

  private void retryConnects(long now) {
    while (!stopped && !reconnects.isEmpty() && reconnects.peek().reconnectAt <= now) {
      Conn c = reconnects.poll();
      try {
        connect(c);
      } catch (IOException e) {
        error("io-connect-" + e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
        reconnect(c);
      }
    }
  }

  private void connect(Conn c) throws IOException {
    c.channel = SocketChannel.open();
    c.channel.configureBlocking(false);
    c.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    c.inLen = 0;
    c.out = null;
    c.sentAt = 0;
    if (c.channel.connect(target)) {
      c.key = c.channel.register(selector, 0, c);
      send(c);
    } else {
      c.key = c.channel.register(selector, SelectionKey.OP_CONNECT, c);
    }
  }

  /** One client: a keep-alive connection with at most one request outstanding. */
  private static final class Conn {
    SocketChannel channel;
    SelectionKey key;
    ByteBuffer out;
    byte[] in = new byte[8192];
    int inLen;
    long sentAt;
    long reconnectAt;

    boolean busy() {
      return out != null;
    }

    void close() {
      out = null;
      sentAt = 0;
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException e) {
          // Closing a broken connection; nothing left to release.
        }
      }
    }
  }
}
