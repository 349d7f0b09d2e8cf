package dev.chorus.testkit.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.chorus.core.ChorusNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.pekko.cluster.MemberStatus;

/**
 * A cluster of {@link ChorusNode}s in this JVM, each an actor system on its own loopback port, all
 * listed as seeds. Fast to start, for tests that need real membership and messaging but not
 * process-level faults (use {@link JvmCluster} for those).
 *
 * <p>Nodes are named {@code n1..nN} with data directories under the given root. A downed node
 * terminates its actor system but never exits the JVM. {@link #close()} shuts every node down and
 * waits; call it from a try-with-resources block or {@code @AfterAll}. Not thread-safe.
 */
public final class LocalCluster implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(100);

  private final List<ChorusNode> nodes;
  private final List<Integer> ports;

  private LocalCluster(List<ChorusNode> nodes, List<Integer> ports) {
    this.nodes = nodes;
    this.ports = ports;
  }

  /**
   * Starts {@code size} nodes with data directories under {@code dataRoot}.
   *
   * @param extra settings for every node, on top of the testkit's timings (may be empty)
   */
  public static LocalCluster start(int size, Path dataRoot, Config extra) {
    if (size < 1) {
      throw new IllegalArgumentException("a cluster needs at least 1 node, got " + size);
    }
    List<Integer> ports = FreePorts.loopback(size);
    List<String> seeds = ports.stream().map(p -> "127.0.0.1:" + p).toList();
    List<ChorusNode> started = new ArrayList<>();
    try {
      for (int i = 0; i < size; i++) {
        started.add(ChorusNode.start(nodeConfig(i, ports.get(i), seeds, dataRoot, extra)));
      }
    } catch (RuntimeException e) {
      new LocalCluster(started, ports).close();
      throw e;
    }
    return new LocalCluster(List.copyOf(started), List.copyOf(ports));
  }

  private static Config nodeConfig(int index, int port, List<String> seeds, Path root, Config extra) {
    String id = "n" + (index + 1);
    Map<String, Object> node = new HashMap<>();
    node.put("chorus.node.id", id);
    node.put("chorus.node.port", port);
    node.put("chorus.node.seed-nodes", seeds);
    node.put("chorus.node.data-dir", root.resolve(id).toString());
    node.put("chorus.node.exit-jvm-when-downed", false);
    return ConfigFactory.parseMap(node).withFallback(extra).withFallback(TestTimings.config());
  }

  /** The nodes, in order n1..nN. */
  public List<ChorusNode> nodes() {
    return nodes;
  }

  /** Node {@code i}, counting from 0. */
  public ChorusNode node(int i) {
    return nodes.get(i);
  }

  /** The cluster ports, in node order. */
  public List<Integer> ports() {
    return ports;
  }

  /**
   * Waits until every node sees every node Up.
   *
   * @throws IllegalStateException naming what each node sees, if that has not happened in time
   */
  public void awaitAllUp(Duration timeout) {
    if (!await(this::allUp, timeout)) {
      throw new IllegalStateException("not all " + nodes.size() + " members Up within " + timeout
          + ": " + describe());
    }
  }

  private boolean allUp() {
    return nodes.stream().allMatch(n -> upCount(n) == nodes.size());
  }

  private static long upCount(ChorusNode node) {
    var members = node.cluster().state().getMembers();
    long up = 0;
    for (var m : members) {
      if (m.status() == MemberStatus.up()) {
        up++;
      }
    }
    return up;
  }

  private String describe() {
    StringBuilder sb = new StringBuilder();
    for (ChorusNode n : nodes) {
      sb.append(n.nodeId()).append(" sees ").append(upCount(n)).append(" Up; ");
    }
    return sb.toString();
  }

  static boolean await(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      try {
        TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return condition.getAsBoolean();
  }

  /** Shuts every node down in parallel and waits for all of them. */
  @Override
  public void close() {
    List<CompletableFuture<Void>> closing = nodes.stream()
        .map(n -> CompletableFuture.runAsync(n::close))
        .toList();
    CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).join();
  }
}
