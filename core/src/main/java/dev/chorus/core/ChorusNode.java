package dev.chorus.core;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import dev.chorus.core.clock.HybridLogicalClock;
import dev.chorus.core.clock.NodeClocks;
import dev.chorus.core.clock.RateClock;
import dev.chorus.core.clock.SkewableClock;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Chorus cluster node: a typed actor system with the cluster provider, joined to its seeds.
 *
 * <p>{@link #start(Config)} validates {@code chorus.node}, creates the data directory, binds the
 * cluster port and starts joining; it returns once the system is running, not once the node is
 * Up (watch {@link #cluster()} for that). Identity is the stable {@link #nodeId()}, never the Pekko
 * uid, which changes on every restart. {@link #close()} leaves the cluster gracefully through
 * Pekko's CoordinatedShutdown. Thread-safe.
 */
public final class ChorusNode implements AutoCloseable {
  /** The JVM exit status when the cluster downed this node and the node exits. */
  public static final int EXIT_STATUS_DOWNED = 3;

  /**
   * Every node carries its stable id as a cluster role with this prefix, so that any member can
   * name any other by id from membership alone.
   */
  public static final String ID_ROLE_PREFIX = "chorus-id:";

  private static final Logger log = LoggerFactory.getLogger(ChorusNode.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final ActorSystem<SpawnProtocol.Command> system;
  private final NodeSettings settings;
  private final SkewableClock clock;
  private final HybridLogicalClock hlc;

  private ChorusNode(ActorSystem<SpawnProtocol.Command> system, NodeSettings settings) {
    this.system = system;
    this.settings = settings;
    this.clock = NodeClocks.physical(system);
    this.hlc = new HybridLogicalClock(clock, settings.maxClockOffset());
  }

  /** Starts a node from the application's configuration ({@code application.conf} and system properties). */
  public static ChorusNode start() {
    return start(ChorusConfig.application());
  }

  /**
   * Starts a node.
   *
   * @param application the application's own settings, as in {@code application.conf}. Chorus
   *     layers its defaults beneath it ({@link ChorusConfig#withDefaults}), so pass the
   *     application's settings alone rather than {@code ConfigFactory.load()}.
   * @throws ChorusConfigException if a {@code chorus.node} value is wrong, the data directory
   *     cannot be created or the port cannot be bound; nothing is left running
   */
  public static ChorusNode start(Config application) {
    Config layered = ChorusConfig.withDefaults(application);
    NodeSettings settings = NodeSettings.fromConfig(layered);
    createDataDir(settings.dataDir());
    Config config = pekkoOverrides(settings, layered).withFallback(layered);
    ActorSystem<SpawnProtocol.Command> system = createSystem(settings, config);
    ChorusNode node = new ChorusNode(system, settings);
    node.joinAndWatch();
    return node;
  }

  private static void createDataDir(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException | SecurityException e) {
      throw new ChorusConfigException(NodeSettings.PREFIX + ".data-dir",
          "cannot create directory '" + dir.toAbsolutePath() + "': " + e, e);
    }
    if (!Files.isWritable(dir)) {
      throw new ChorusConfigException(NodeSettings.PREFIX + ".data-dir",
          "directory '" + dir.toAbsolutePath() + "' is not writable");
    }
  }

  /** Written into the data directory once the node is Up: it has been a member of its cluster. */
  static final String MEMBER_MARKER = "cluster-member";

  private static Config pekkoOverrides(NodeSettings s, Config layered) {
    Map<String, Object> m = new HashMap<>();
    // Only the first seed ever joins itself (Pekko's FirstSeedNodeProcess), so only it waits longer.
    boolean firstSeed = !s.seedNodes().isEmpty() && s.seedNodes().get(0).equals(new SeedNode(s.host(), s.port()));
    if (firstSeed && Files.exists(s.dataDir().resolve(MEMBER_MARKER))) {
      Duration configured = layered.getDuration("pekko.cluster.seed-node-timeout");
      m.put("pekko.cluster.seed-node-timeout",
          Math.max(configured.toMillis(), s.rejoinSeedTimeout().toMillis()) + "ms");
    }
    m.put("pekko.remote.artery.canonical.hostname", s.host());
    m.put("pekko.remote.artery.canonical.port", s.port());
    m.put("pekko.cluster.seed-nodes",
        s.seedNodes().stream().map(seed -> seed.pekkoAddress(s.clusterName())).toList());
    List<String> roles = new java.util.ArrayList<>(s.roles());
    roles.add(ID_ROLE_PREFIX + s.id());
    m.put("pekko.cluster.roles", roles);
    return ConfigFactory.parseMap(m, "chorus.node settings");
  }

  private static ActorSystem<SpawnProtocol.Command> createSystem(NodeSettings s, Config config) {
    try {
      return ActorSystem.create(SpawnProtocol.create(), s.clusterName(), config);
    } catch (RuntimeException e) {
      if (isBindFailure(e)) {
        throw new ChorusConfigException(NodeSettings.PREFIX + ".port",
            "cannot bind " + s.host() + ":" + s.port() + " (" + rootMessage(e) + ")", e);
      }
      throw e;
    }
  }

  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException
          || String.valueOf(t.getMessage()).contains("Failed to bind")) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  private void joinAndWatch() {
    Cluster cluster = Cluster.get(system);
    org.apache.pekko.cluster.Cluster.get(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(system))
        .registerOnMemberUp(this::rememberMembership);
    if (settings.seedNodes().isEmpty()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
    if (settings.exitJvmWhenDowned()) {
      system.getWhenTerminated().thenRun(this::exitIfDowned);
    }
    log.info("Chorus node {} started at {} (data dir {})",
        settings.id(), selfAddress(), settings.dataDir().toAbsolutePath());
  }

  private void rememberMembership() {
    try {
      Files.writeString(settings.dataDir().resolve(MEMBER_MARKER), settings.clusterName() + " " + settings.id() + "\n");
    } catch (IOException e) {
      log.warn("Cannot record membership in {}: a restart may wait only seed-node-timeout for the other seeds",
          settings.dataDir(), e);
    }
  }

  // docs/architecture.md, "Membership under faults": a downed node exits so its supervisor restarts it as a
  // new incarnation with the same id and data directory. A graceful close() does not exit.
  private void exitIfDowned() {
    if (wasDowned()) {
      log.warn("Chorus node {} was downed by the cluster; exiting with status {}",
          settings.id(), EXIT_STATUS_DOWNED);
      System.exit(EXIT_STATUS_DOWNED);
    }
  }

  /** Whether this node is shutting down, or has shut down, because the cluster downed it. */
  public boolean wasDowned() {
    return CoordinatedShutdown.get(system).getShutdownReason()
        .filter(r -> r.equals(CoordinatedShutdown.clusterDowningReason()))
        .isPresent();
  }

  /** The stable node id of {@code member}, or its host:port if it is not a Chorus node. */
  public static String nodeIdOf(Member member) {
    for (String role : member.getRoles()) {
      if (role.startsWith(ID_ROLE_PREFIX)) {
        return role.substring(ID_ROLE_PREFIX.length());
      }
    }
    Address a = member.address();
    return a.getHost().orElse("?") + ":" + a.getPort().map(String::valueOf).orElse("?");
  }

  /** The roles of {@code member} without the id role that Chorus adds. */
  public static List<String> userRolesOf(Member member) {
    return member.getRoles().stream().filter(r -> !r.startsWith(ID_ROLE_PREFIX)).sorted().toList();
  }

  /**
   * The node's physical clock: the system clock plus an offset that is zero unless the testkit
   * skews it (docs/architecture.md, "Clocks"). Everything on the node that reads wall time reads this.
   */
  public SkewableClock clock() {
    return clock;
  }

  /**
   * The node's monotonic clock, which every host on it counts ticks, timeouts and leases on: rate
   * 1 unless the testkit's clock-rate fault moves it (docs/architecture.md, "Clocks").
   */
  public RateClock monotonicClock() {
    return NodeClocks.monotonic(system);
  }

  /** The node's hybrid logical clock, over {@link #clock()}. */
  public HybridLogicalClock hlc() {
    return hlc;
  }

  /**
   * Spawns a top-level actor of this node, under the user guardian.
   *
   * @throws IllegalStateException if the guardian does not answer within 10 s (the node is
   *     stopping) or {@code name} is taken
   */
  public <T> ActorRef<T> spawn(Behavior<T> behavior, String name) {
    CompletionStage<ActorRef<T>> spawned = AskPattern.ask(system,
        replyTo -> new SpawnProtocol.Spawn<>(behavior, name, Props.empty(), replyTo),
        Duration.ofSeconds(10), system.scheduler());
    try {
      return spawned.toCompletableFuture().get(15, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted spawning " + name, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot spawn " + name + " on node " + nodeId() + ": " + e, e);
    }
  }

  /** The running actor system; its guardian spawns top-level actors ({@link #spawn}). */
  public ActorSystem<SpawnProtocol.Command> system() {
    return system;
  }

  /** The validated settings this node started with. */
  public NodeSettings settings() {
    return settings;
  }

  /** The stable node id ({@code chorus.node.id}). */
  public String nodeId() {
    return settings.id();
  }

  /** The data directory, which exists. */
  public Path dataDir() {
    return settings.dataDir();
  }

  /** The typed cluster extension of this node. */
  public Cluster cluster() {
    return Cluster.get(system);
  }

  /** This node's Pekko address (host and port, without the uid). */
  public Address selfAddress() {
    return cluster().selfMember().address();
  }

  /** The seeds this node joins, as Pekko addresses. */
  public List<String> seedAddresses() {
    return settings.seedNodes().stream().map(s -> s.pekkoAddress(settings.clusterName())).toList();
  }

  /** Completes when the actor system has terminated, for whatever reason. */
  public CompletionStage<Done> whenTerminated() {
    return system.getWhenTerminated();
  }

  /**
   * Leaves the cluster and terminates the system through CoordinatedShutdown. Idempotent; returns
   * at once.
   */
  public CompletionStage<Done> shutdown() {
    return CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.unknownReason());
  }

  /**
   * Shuts down and waits for termination, at most 30 s.
   *
   * @throws IllegalStateException if the system has not terminated by then
   */
  @Override
  public void close() {
    try {
      shutdown().toCompletableFuture().get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      whenTerminated().toCompletableFuture().get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while closing node " + nodeId(), e);
    } catch (ExecutionException | TimeoutException e) {
      system.terminate();
      throw new IllegalStateException("node " + nodeId() + " did not shut down within " + CLOSE_TIMEOUT, e);
    }
  }

  @Override
  public String toString() {
    return "ChorusNode[" + nodeId() + " at " + selfAddress() + "]";
  }
}
