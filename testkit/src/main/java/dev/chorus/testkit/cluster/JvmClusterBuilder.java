package dev.chorus.testkit.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import dev.chorus.testkit.control.ControlServer;
import java.util.function.BiFunction;

/**
 * Builds and starts a {@link JvmCluster}.
 *
 * <p>Defaults: 3 nodes, work directory {@code target/jvm-cluster}, the small child JVM flags of
 * docs/architecture.md, "Tests, CI time and soak runs" ({@code -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}), the testkit's
 * {@link TestTimings} as system properties, a 6 s graceful stop, and restart of nodes that exit on
 * their own.
 */
public final class JvmClusterBuilder {
  /** Child JVM flags unless {@link #jvmOptions(List)} replaces them. */
  public static final List<String> DEFAULT_JVM_OPTIONS =
      List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");

  private final String mainClass;
  private int size = 3;
  private Path workDir = Path.of("target", "jvm-cluster");
  private List<String> jvmOptions = DEFAULT_JVM_OPTIONS;
  private List<String> systemProperties = TestTimings.jvmOptions();
  private BiFunction<JvmNodeSpec, List<JvmNodeSpec>, List<String>> args = (spec, all) -> List.of();
  private Duration gracefulStop = Duration.ofSeconds(6);
  private boolean restartOnExit = true;
  private boolean faultInjection = true;
  private String clusterName = "chorus";

  JvmClusterBuilder(String mainClass) {
    this.mainClass = mainClass;
  }

  /** The number of nodes, at least 1. */
  public JvmClusterBuilder nodes(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("a cluster needs at least 1 node, got " + n);
    }
    this.size = n;
    return this;
  }

  /** The directory under which each node gets {@code <id>/data} and {@code <id>/node.log}. */
  public JvmClusterBuilder workDir(Path dir) {
    this.workDir = dir;
    return this;
  }

  /** JVM flags for every child, replacing the defaults. */
  public JvmClusterBuilder jvmOptions(List<String> options) {
    this.jvmOptions = List.copyOf(options);
    return this;
  }

  /** {@code -D} options for every child, replacing the testkit's timings. */
  public JvmClusterBuilder systemProperties(List<String> properties) {
    this.systemProperties = List.copyOf(properties);
    return this;
  }

  /**
   * The program arguments of each node, computed from its spec and the specs of all nodes (for
   * seeds); called once per node, and kept for its restarts.
   */
  public JvmClusterBuilder args(BiFunction<JvmNodeSpec, List<JvmNodeSpec>, List<String>> args) {
    this.args = args;
    return this;
  }

  /** How long a graceful stop waits before SIGKILL. */
  public JvmClusterBuilder gracefulStop(Duration grace) {
    this.gracefulStop = grace;
    return this;
  }

  /** Whether a node that exits on its own is started again (default on). */
  public JvmClusterBuilder restartOnExit(boolean restart) {
    this.restartOnExit = restart;
    return this;
  }

  /**
   * Whether nodes get the control channel and Artery's test mode, for partitions and clock skew
   * (default on). Off for clusters that are not under test, such as {@code chorus cluster}.
   */
  public JvmClusterBuilder faultInjection(boolean on) {
    this.faultInjection = on;
    return this;
  }

  /** The cluster (actor system) name the nodes use, for their addresses (default chorus). */
  public JvmClusterBuilder clusterName(String name) {
    this.clusterName = name;
    return this;
  }

  /** Picks ports, starts every node, and returns without waiting for them to be ready. */
  public JvmCluster start() {
    List<Integer> ports = freePorts(3 * size);
    List<JvmNodeSpec> specs = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      String id = "n" + (i + 1);
      Path dir = workDir.toAbsolutePath().resolve(id);
      specs.add(new JvmNodeSpec(i, id, ports.get(3 * i), ports.get(3 * i + 1), ports.get(3 * i + 2),
          dir.resolve("data"), dir.resolve("node.log")));
    }
    List<JvmNodeSpec> all = List.copyOf(specs);
    JvmCluster cluster = new JvmCluster(all, spec -> command(spec, all), gracefulStop, restartOnExit, clusterName);
    cluster.startAll();
    return cluster;
  }

  // Ports are picked by binding port 0, then released for the children to bind. Another process
  // can take one in between; pick again (up to 5 times) if any is no longer free just before launch.
  private static List<Integer> freePorts(int count) {
    for (int attempt = 1; ; attempt++) {
      List<Integer> ports = FreePorts.loopback(count);
      if (ports.stream().allMatch(FreePorts::isFree) || attempt == 5) {
        return ports;
      }
    }
  }

  private List<String> command(JvmNodeSpec spec, List<JvmNodeSpec> all) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.addAll(systemProperties);
    if (faultInjection) {
      // Test-only switches, on only in nodes the testkit launches (docs/architecture.md, "Membership under faults").
      cmd.add("-Dpekko.remote.artery.advanced.test-mode=on");
      cmd.add("-D" + ControlServer.PORT_PROPERTY + "=" + spec.controlPort());
    }
    cmd.add("-cp");
    cmd.add(Classpath.current());
    cmd.add(mainClass);
    cmd.addAll(args.apply(spec, all));
    return cmd;
  }
}
