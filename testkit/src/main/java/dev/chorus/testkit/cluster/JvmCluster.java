package dev.chorus.testkit.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.core.MemberView;
import dev.chorus.testkit.control.ControlClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A cluster of N node JVMs on 127.0.0.1, each running a main class from this JVM's classpath.
 *
 * <p>The parent picks every port and keeps it, with the node's id and data directory, across
 * restarts. A node that exits while the cluster is running (for example because the cluster downed
 * it) is restarted as a new incarnation, as docs/architecture.md, "Membership under faults" decides, and
 * {@link RestartListener}s hear of it. Child JVMs never outlive the parent: {@link #close()} and a
 * JVM shutdown hook stop them, and a watchdog process kills each one with SIGKILL if the parent
 * dies, even one that is stopped with SIGSTOP at that moment.
 *
 * <p>Thread-safe. Linux only (signals and /proc).
 */
public final class JvmCluster implements TestCluster {
  /** Told when a node that exited on its own has been started again. */
  @FunctionalInterface
  public interface RestartListener {
    /**
     * @param node the node that was restarted
     * @param exitStatus the exit status of the incarnation that ended
     */
    void restarted(JvmNode node, int exitStatus);
  }

  private static final Duration RESTART_DELAY = Duration.ofMillis(500);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<JvmNode> nodes;
  private final Duration gracefulStop;
  private final List<RestartListener> listeners = new CopyOnWriteArrayList<>();
  private final List<String> restartFailures = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService restarter = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "jvm-cluster-restarter");
    t.setDaemon(true);
    return t;
  });
  private final Thread shutdownHook = new Thread(this::stopAll, "jvm-cluster-shutdown");
  private volatile boolean closing;
  private final String clusterName;
  /**
   * The processes that were told to cut links and not yet to heal. A node's later incarnation
   * starts with every link open, so a heal does not wait for it (it may still be starting).
   */
  private final java.util.Set<Long> cutProcesses = java.util.concurrent.ConcurrentHashMap.newKeySet();

  JvmCluster(List<JvmNodeSpec> specs, Function<JvmNodeSpec, List<String>> command,
      Duration gracefulStop, boolean restartOnExit, String clusterName) {
    this.gracefulStop = gracefulStop;
    this.clusterName = clusterName;
    List<JvmNode> built = new ArrayList<>();
    for (JvmNodeSpec spec : specs) {
      built.add(new JvmNode(spec, command.apply(spec), restartOnExit ? this::onExit : (n, s) -> { }));
    }
    this.nodes = List.copyOf(built);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** A builder for a cluster that runs {@code mainClass} in every node. */
  public static JvmClusterBuilder builder(String mainClass) {
    return new JvmClusterBuilder(mainClass);
  }

  void startAll() {
    try {
      nodes.forEach(JvmNode::start);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The nodes, n1..nN. */
  public List<JvmNode> nodes() {
    return nodes;
  }

  /** Node {@code i}, counting from 0. */
  public JvmNode node(int i) {
    return nodes.get(i);
  }

  @Override
  public int size() {
    return nodes.size();
  }

  @Override
  public String nodeId(int i) {
    return nodes.get(i).id();
  }

  /** Registers a listener for restarts of nodes that exited on their own. */
  public void onRestart(RestartListener listener) {
    listeners.add(listener);
  }

  /**
   * Waits until {@code ready} holds for every node; polls every 200 ms.
   *
   * @throws IllegalStateException naming the nodes that were not ready in time
   */
  public void awaitReady(Predicate<JvmNode> ready, Duration timeout) {
    boolean ok = LocalCluster.await(() -> nodes.stream().allMatch(ready), timeout);
    if (!ok) {
      List<String> notReady = nodes.stream().filter(ready.negate()).map(JvmNode::id).toList();
      throw new IllegalStateException("nodes " + notReady + " not ready within " + timeout
          + "; their logs: " + nodes.stream().map(n -> n.spec().logFile().toString()).toList());
    }
  }

  /** SIGKILL to node {@code i}; it stays down until {@link #restart(int)}. */
  @Override
  public void kill(int i) {
    nodes.get(i).kill();
  }

  /** Graceful stop (SIGTERM, then SIGKILL after the grace period); stays down until restarted. */
  @Override
  public void stop(int i) {
    nodes.get(i).stop(gracefulStop);
  }

  /** Starts node {@code i} again with the same id, ports and data directory. */
  @Override
  public void restart(int i) {
    nodes.get(i).restart();
  }

  /** SIGSTOP to node {@code i}; returns once its process is stopped. */
  @Override
  public void pause(int i) {
    nodes.get(i).pause();
  }

  /** SIGCONT to node {@code i}; returns once its process runs again. */
  @Override
  public void resume(int i) {
    nodes.get(i).resume();
  }

  /**
   * Cuts every link between nodes of different groups, both ways, gossip and heartbeats included.
   * Every process stays alive. Paused or stopped nodes are cut from the other side.
   *
   * @param groups node indexes; every node must be in exactly one group
   */
  @Override
  public void partition(List<Set<Integer>> groups) {
    Map<Integer, Set<Integer>> groupOf = Partitions.groupOf(groups, nodes.size());
    Map<Integer, Set<Integer>> cuts = new java.util.HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      Set<Integer> mine = groupOf.get(i);
      cuts.put(i, java.util.stream.IntStream.range(0, nodes.size()).filter(j -> !mine.contains(j))
          .boxed().collect(java.util.stream.Collectors.toSet()));
    }
    cut(cuts);
  }

  /**
   * Cuts the given links, both ways: node {@code i} can no longer exchange anything with the
   * nodes in {@code cuts.get(i)}. Any shape, including non-transitive ones (a bridge). Paused or
   * stopped nodes are cut from the other side.
   */
  @Override
  public void cut(Map<Integer, Set<Integer>> cuts) {
    cuts.forEach((i, unreachable) -> {
      JvmNode node = nodes.get(i);
      List<String> others = unreachable.stream().map(j -> nodes.get(j).spec().pekkoAddress(clusterName)).toList();
      OptionalLong pid = node.pid();
      if (!others.isEmpty() && pid.isPresent() && !node.isPaused()) {
        cutProcesses.add(pid.getAsLong());
        ControlClient.send(node.spec().controlPort(), "BLACKHOLE " + String.join(" ", others));
      }
    });
  }

  /**
   * Restores every link that {@link #partition} or {@link #cut} cut, on every running process that
   * was told to cut one. A node that the cluster downed and restarted meanwhile is a new process
   * with every link open: it is not asked, since its control channel may not be up yet (a heal
   * failed on exactly that in {@code DowningIT}).
   */
  @Override
  public void heal() {
    List<String> failures = new java.util.ArrayList<>();
    for (JvmNode node : nodes) {
      OptionalLong pid = node.pid();
      if (pid.isPresent() && !node.isPaused() && cutProcesses.contains(pid.getAsLong())) {
        try {
          ControlClient.send(node.spec().controlPort(), "HEAL");
          cutProcesses.remove(pid.getAsLong());
        } catch (ControlClient.ControlException e) {
          failures.add(e.getMessage()); // keep healing the others
        }
      }
    }
    if (!failures.isEmpty()) {
      throw new ControlClient.ControlException("heal failed on some nodes: " + failures);
    }
  }

  /** Shifts node {@code i}'s physical clock by {@code offset} (docs/architecture.md, "Clocks"). */
  @Override
  public void skewClock(int i, Duration offset) {
    ControlClient.send(nodes.get(i).spec().controlPort(), "SKEW " + offset.toMillis());
  }

  @Override
  public void clockRate(int i, double rate) {
    ControlClient.send(nodes.get(i).spec().controlPort(), "RATE " + rate);
  }

  /** The members node {@code i} sees now, through its control channel. */
  @Override
  public List<MemberView> members(int i) {
    String json = ControlClient.send(nodes.get(i).spec().controlPort(), "MEMBERS");
    try {
      return JSON.readValue(json, new TypeReference<List<MemberView>>() {});
    } catch (java.io.IOException e) {
      throw new IllegalStateException("node " + nodes.get(i).id() + " sent unreadable members: " + json, e);
    }
  }

  /**
   * Has node {@code i}'s HLC receive a message stamped {@code remote} (Kulkarni et al., Figure 5):
   * its HLC after the receipt, or a {@link ControlClient.ControlException} naming {@code
   * ClockOffsetExceededException} when {@code remote} is more than {@code max-clock-offset} ahead
   * of the node's physical clock (the clock unchanged).
   */
  public String receiveHlc(int i, String remote) {
    return ControlClient.send(nodes.get(i).spec().controlPort(), "RECEIVE " + remote);
  }

  /** Node {@code i}'s physical clock, HLC and monotonic clock rate: {@code <millis> <hlc> <rate>}. */
  public String clock(int i) {
    return ControlClient.send(nodes.get(i).spec().controlPort(), "CLOCK");
  }

  /** The cluster (actor system) name. */
  public String clusterName() {
    return clusterName;
  }

  private void onExit(JvmNode node, int exitStatus) {
    if (closing) {
      return;
    }
    restarter.schedule(() -> {
      try {
        if (!closing && node.restartAfterUnexpectedExit()) {
          listeners.forEach(l -> l.restarted(node, exitStatus));
        }
      } catch (RuntimeException e) {
        // A scheduled task's exception would vanish with its future: keep it where a test can
        // see it, and say it where a person can.
        String failure = node.id() + " exited with status " + exitStatus + " and could not be restarted: " + e;
        restartFailures.add(failure);
        System.err.println("jvm-cluster: " + failure);
      }
    }, RESTART_DELAY.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Nodes that exited on their own and could not be started again, one line each (which node,
   * its exit status, and why), oldest first. Such a node stays down.
   */
  public List<String> restartFailures() {
    return List.copyOf(restartFailures);
  }

  /** Stops every node (SIGCONT, SIGTERM, SIGKILL after the grace period) and waits for all. */
  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running or has run stopAll(); nothing left to undo.
    }
  }

  private void stopAll() {
    closing = true;
    restarter.shutdownNow();
    nodes.forEach(JvmNode::beginStop);
    long deadline = System.nanoTime() + gracefulStop.toNanos();
    for (JvmNode node : nodes) {
      node.awaitExitOrKill(Math.max(0, deadline - System.nanoTime()));
    }
  }

  /** Where the nodes' data and logs live. */
  static Path nodeDir(Path workDir, String id) {
    return workDir.resolve(id);
  }
}
