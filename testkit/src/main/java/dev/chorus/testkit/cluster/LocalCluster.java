package dev.chorus.testkit.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.chorus.core.ChorusNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.IntFunction;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import dev.chorus.core.MemberView;
import dev.chorus.testkit.control.LinkFaults;
import org.apache.pekko.cluster.MemberStatus;

/**
 * A cluster of {@link ChorusNode}s in this JVM, each an actor system on its own loopback port, all
 * listed as seeds. Fast to start, for tests that need real membership and messaging but not
 * process-level faults (use {@link JvmCluster} for those).
 *
 * <p>Nodes are named {@code n1..nN} with data directories under the given root. A downed node
 * terminates its actor system, never the JVM, and the cluster starts it again with the same id,
 * port and data directory, as a process supervisor would. {@link #close()} shuts every node down and
 * waits; call it from a try-with-resources block or {@code @AfterAll}. Not thread-safe.
 */
public final class LocalCluster implements TestCluster {
  private static final Duration POLL = Duration.ofMillis(100);

  private final List<ChorusNode> nodes;
  private final List<Config> configs;
  private final List<LinkFaults> links;
  private final List<Integer> ports;

  private final boolean[] wantedDown;
  private volatile boolean closing;
  private final java.util.concurrent.ScheduledExecutorService restarter =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "local-cluster-restarter");
        t.setDaemon(true);
        return t;
      });

  private LocalCluster(List<ChorusNode> nodes, List<Config> configs, List<Integer> ports) {
    this.nodes = new ArrayList<>(nodes);
    this.configs = List.copyOf(configs);
    this.ports = List.copyOf(ports);
    this.links = new ArrayList<>(nodes.stream().map(LinkFaults::new).toList());
    this.wantedDown = new boolean[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      supervise(i, nodes.get(i));
    }
  }

  // docs/architecture.md, "Membership under faults": a downed node goes away and its supervisor starts it
  // again with the same id and data directory. Here the supervisor is this cluster.
  private void supervise(int i, ChorusNode node) {
    node.whenTerminated().thenRun(() -> restarter.schedule(() -> {
      synchronized (this) {
        if (!closing && !wantedDown[i] && nodes.get(i) == node) {
          restart(i);
        }
      }
    }, 500, java.util.concurrent.TimeUnit.MILLISECONDS));
  }

  /**
   * Starts {@code size} nodes with data directories under {@code dataRoot}.
   *
   * @param extra settings for every node, on top of the testkit's timings (may be empty)
   */
  public static LocalCluster start(int size, Path dataRoot, Config extra) {
    return start(size, dataRoot, extra, i -> ConfigFactory.empty());
  }

  /**
   * As {@link #start(int, Path, Config)}, with each node's own settings on top: {@code perNode}
   * of its index, counting from 0 (for example a role that advertises where it serves HTTP).
   */
  public static LocalCluster start(int size, Path dataRoot, Config extra, IntFunction<Config> perNode) {
    if (size < 1) {
      throw new IllegalArgumentException("a cluster needs at least 1 node, got " + size);
    }
    List<Integer> ports = FreePorts.loopback(size);
    List<String> seeds = ports.stream().map(p -> "127.0.0.1:" + p).toList();
    List<ChorusNode> started = new ArrayList<>();
    List<Config> configs = new ArrayList<>();
    try {
      for (int i = 0; i < size; i++) {
        configs.add(nodeConfig(i, ports.get(i), seeds, dataRoot, perNode.apply(i).withFallback(extra)));
        started.add(ChorusNode.start(configs.get(i)));
      }
    } catch (RuntimeException e) {
      started.forEach(ChorusNode::close);
      throw e;
    }
    return new LocalCluster(started, configs, ports);
  }

  private static Config nodeConfig(int index, int port, List<String> seeds, Path root, Config extra) {
    String id = "n" + (index + 1);
    Map<String, Object> node = new HashMap<>();
    node.put("chorus.node.id", id);
    node.put("chorus.node.port", port);
    node.put("chorus.node.seed-nodes", seeds);
    node.put("chorus.node.data-dir", root.resolve(id).toString());
    node.put("chorus.node.exit-jvm-when-downed", false);
    node.put("pekko.remote.artery.advanced.test-mode", "on");
    // Several cluster nodes in this JVM: each registers its own MBean.
    node.put("pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on");
    return ConfigFactory.parseMap(node).withFallback(extra).withFallback(TestTimings.config());
  }

  /** The current incarnations of the nodes, in order n1..nN. */
  public synchronized List<ChorusNode> nodes() {
    return List.copyOf(nodes);
  }

  /** The current incarnation of node {@code i}, counting from 0. */
  public synchronized ChorusNode node(int i) {
    return nodes.get(i);
  }

  @Override
  public int size() {
    return configs.size();
  }

  @Override
  public String nodeId(int i) {
    return "n" + (i + 1);
  }

  /**
   * Crashes node {@code i}: the others cut their links to it first, so that its shutdown cannot
   * tell them it is leaving, then its actor system terminates. They see it unreachable, as after
   * a kill -9; {@link #restart} reopens the links.
   */
  @Override
  public synchronized void kill(int i) {
    wantedDown[i] = true;
    ChorusNode node = nodes.get(i);
    for (int j = 0; j < size(); j++) {
      if (j != i && !nodes.get(j).whenTerminated().toCompletableFuture().isDone()) {
        links.get(j).blackhole(node.selfAddress());
      }
    }
    node.system().terminate();
    node.whenTerminated().toCompletableFuture().join();
  }

  @Override
  public void stop(int i) {
    synchronized (this) {
      wantedDown[i] = true;
    }
    node(i).close();
  }

  /** Starts a new actor system for node {@code i}, with the same id, port and data directory. */
  @Override
  public synchronized void restart(int i) {
    if (!nodes.get(i).whenTerminated().toCompletableFuture().isDone()) {
      throw new IllegalStateException("node " + nodeId(i) + " is still running; kill or stop it first");
    }
    ChorusNode node = ChorusNode.start(configs.get(i));
    wantedDown[i] = false;
    nodes.set(i, node);
    links.set(i, new LinkFaults(node));
    supervise(i, node);
    for (int j = 0; j < size(); j++) {
      if (j != i) {
        links.get(j).heal(node.selfAddress()); // links a kill cut
      }
    }
  }

  /**
   * Not available in one JVM: SIGSTOP cannot freeze one actor system among several.
   *
   * @throws UnsupportedOperationException always; use {@link JvmCluster} to pause nodes
   */
  @Override
  public void pause(int i) {
    throw new UnsupportedOperationException(
        "pause needs a process per node: SIGSTOP cannot freeze one actor system among several in a JVM; use JvmCluster");
  }

  /** @throws UnsupportedOperationException always, as {@link #pause} */
  @Override
  public void resume(int i) {
    pause(i);
  }

  @Override
  public void partition(List<Set<Integer>> groups) {
    Map<Integer, Set<Integer>> groupOf = Partitions.groupOf(groups, size());
    Map<Integer, Set<Integer>> cuts = new HashMap<>();
    for (int i = 0; i < size(); i++) {
      Set<Integer> mine = groupOf.get(i);
      cuts.put(i, IntStream.range(0, size()).filter(j -> !mine.contains(j)).boxed().collect(Collectors.toSet()));
    }
    cut(cuts);
  }

  @Override
  public synchronized void cut(Map<Integer, Set<Integer>> cuts) {
    cuts.forEach((i, unreachable) -> unreachable.forEach(j -> links.get(i).blackhole(nodes.get(j).selfAddress())));
  }

  @Override
  public synchronized void heal() {
    for (int i = 0; i < size(); i++) {
      if (!nodes.get(i).whenTerminated().toCompletableFuture().isDone()) {
        links.get(i).healAll();
      }
    }
  }

  @Override
  public void skewClock(int i, Duration offset) {
    node(i).clock().setOffset(offset);
  }

  @Override
  public void clockRate(int i, double rate) {
    node(i).monotonicClock().setRate(rate);
  }

  @Override
  public List<MemberView> members(int i) {
    return MemberView.of(node(i));
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
    List<ChorusNode> nodes = nodes();
    if (!await(this::allUp, timeout)) {
      throw new IllegalStateException("not all " + nodes.size() + " members Up within " + timeout
          + ": " + describe());
    }
  }

  /**
   * Waits until node {@code observer} sees the member {@code subject} (a node id) as unreachable:
   * by its own failure detector, or by another member's, through gossip.
   *
   * @throws IllegalStateException with what {@code observer} sees, if that has not happened in time
   */
  public void awaitUnreachable(int observer, String subject, Duration timeout) {
    if (!await(() -> !reachable(observer, subject), timeout)) {
      throw new IllegalStateException(nodeId(observer) + " did not see " + subject + " unreachable within "
          + timeout + ": " + members(observer));
    }
  }

  /** Whether node {@code observer} sees the member {@code subject} (a node id) as reachable. */
  public boolean reachable(int observer, String subject) {
    return members(observer).stream().filter(m -> m.id().equals(subject)).allMatch(MemberView::reachable);
  }

  private boolean allUp() {
    return nodes().stream().allMatch(n -> upCount(n) == size());
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
    for (ChorusNode n : nodes()) {
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
    this.closing = true;
    restarter.shutdownNow();
    List<CompletableFuture<Void>> closing = nodes().stream()
        .map(n -> CompletableFuture.runAsync(n::close))
        .toList();
    CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).join();
  }
}
