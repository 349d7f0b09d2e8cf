package dev.chorus.testkit.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A deterministic simulation of a cluster of {@link SimNode}s: single-threaded, on simulated time,
 * with every random choice drawn from the run's seed, in the manner of FoundationDB's simulation
 * testing (Will Wilson, "Testing Distributed Systems w/ Deterministic Simulation", Strange Loop
 * 2014; Zhou et al., "FoundationDB: A Distributed Unbundled Transactional Key Value Store", SIGMOD
 * 2021) and TigerBeetle's VOPR.
 *
 * <p>A run has two phases. In the <b>safety phase</b> the network and the nemesis apply the
 * {@link Faults}; the invariants run after every step. Then every partition heals, every crashed
 * node restarts and the faults stop: in the <b>liveness phase</b> every client must get an
 * {@code ok} for an operation it invoked after the heal, and the convergence condition must hold,
 * within the phase's length. The run ends as soon as both hold.
 *
 * <p>The same simulation run twice with the same seed takes exactly the same steps
 * ({@link Result#traceHash()} is equal), provided the nodes, workload and invariants are
 * deterministic. A failed run's message starts with {@code reproduce with seed=N}.
 *
 * <p>A {@code Simulation} is immutable; {@link #run} may be called many times, each run
 * independent. Calling it from several threads at once is safe if the factory, the workload and the
 * invariants keep no shared state.
 *
 * @param <M> the nodes' message type
 * @param <N> the node type
 */
public final class Simulation<M, N extends SimNode<M>> {
  final SimNodeFactory<N> factory;
  final int nodes;
  final Faults faults;
  final Clients clients;
  final long tickNanos;
  final long safetyNanos;
  final long livenessNanos;
  final long maxSteps;
  final List<Supplier<Invariant<N>>> invariants;
  final Predicate<SimView<N>> convergence;
  final List<ScriptedCrash> crashes;
  final double clockRateDrift;

  /** A crash at a fixed simulated time, for hand-written scenarios. */
  record ScriptedCrash(long atNanos, int node, long downNanos) {}

  private Simulation(Builder<M, N> b) {
    this.factory = b.factory;
    this.nodes = b.nodes;
    this.faults = b.faults;
    this.clients = b.clients;
    this.tickNanos = b.tickInterval.toNanos();
    this.safetyNanos = b.safetyPhase.toNanos();
    this.livenessNanos = b.livenessPhase.toNanos();
    this.maxSteps = b.maxSteps;
    this.invariants = List.copyOf(b.invariants);
    this.convergence = b.convergence;
    this.crashes = List.copyOf(b.crashes);
    this.clockRateDrift = b.clockRateDrift;
  }

  /** A builder for a simulation of nodes that {@code factory} starts. */
  public static <M, N extends SimNode<M>> Builder<M, N> builder(SimNodeFactory<N> factory) {
    return new Builder<>(factory);
  }

  /**
   * Runs the simulation with {@code seed}. Never throws for a failure of the system under test:
   * that is in {@link Result#failure()}.
   *
   * @throws IllegalStateException if the factory itself fails to start a node at the first start
   */
  public Result run(long seed) {
    return new SimRun<>(this, seed).run();
  }

  /** Configures a {@link Simulation}. Defaults: 3 nodes, no faults, no clients, 10 ms ticks,
   * a 2 s safety phase, a 5 s liveness phase, at most 10 million steps. */
  public static final class Builder<M, N extends SimNode<M>> {
    private final SimNodeFactory<N> factory;
    private int nodes = 3;
    private Faults faults = Faults.none();
    private Clients clients = Clients.none();
    private Duration tickInterval = Duration.ofMillis(10);
    private Duration safetyPhase = Duration.ofSeconds(2);
    private Duration livenessPhase = Duration.ofSeconds(5);
    private long maxSteps = 10_000_000;
    private final List<Supplier<Invariant<N>>> invariants = new ArrayList<>();
    private Predicate<SimView<N>> convergence = view -> true;
    private final List<ScriptedCrash> crashes = new ArrayList<>();
    private double clockRateDrift;

    private Builder(SimNodeFactory<N> factory) {
      this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** How many nodes, named {@code n1..nN}. */
    public Builder<M, N> nodes(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("nodes must be at least 1, got " + count);
      }
      this.nodes = count;
      return this;
    }

    /** The faults of the safety phase. */
    public Builder<M, N> faults(Faults faults) {
      this.faults = Objects.requireNonNull(faults, "faults");
      return this;
    }

    /** The simulated clients. */
    public Builder<M, N> clients(Clients clients) {
      this.clients = Objects.requireNonNull(clients, "clients");
      return this;
    }

    /** How often each node ticks (and the nemesis decides), in simulated time. */
    public Builder<M, N> tickInterval(Duration interval) {
      this.tickInterval = positive("tickInterval", interval);
      return this;
    }

    /** The length of the safety phase, in simulated time. */
    public Builder<M, N> safetyPhase(Duration length) {
      this.safetyPhase = positive("safetyPhase", length);
      return this;
    }

    /** The longest the liveness phase may take to converge, in simulated time. */
    public Builder<M, N> livenessPhase(Duration length) {
      this.livenessPhase = positive("livenessPhase", length);
      return this;
    }

    /** The most steps a run may take; more fails the run (a livelock guard). */
    public Builder<M, N> maxSteps(long steps) {
      if (steps < 1) {
        throw new IllegalArgumentException("maxSteps must be positive, got " + steps);
      }
      this.maxSteps = steps;
      return this;
    }

    /** Adds an invariant shared by every run: it must keep no state. */
    public Builder<M, N> invariant(Invariant<N> invariant) {
      Objects.requireNonNull(invariant, "invariant");
      invariants.add(() -> invariant);
      return this;
    }

    /** Adds an invariant created afresh for each run, so it may remember earlier steps. */
    public Builder<M, N> invariantPerRun(Supplier<Invariant<N>> perRun) {
      invariants.add(Objects.requireNonNull(perRun, "perRun"));
      return this;
    }

    /** A condition the liveness phase must also reach, such as "every node applied the same log". */
    public Builder<M, N> convergence(Predicate<SimView<N>> condition) {
      this.convergence = Objects.requireNonNull(condition, "condition");
      return this;
    }

    /** Crashes node {@code nodeId} at {@code at}; it restarts {@code downFor} later. */
    public Builder<M, N> crashAt(Duration at, String nodeId, Duration downFor) {
      if (!nodeId.matches("n[1-9][0-9]*")) {
        throw new IllegalArgumentException("crashAt needs a node id n1..nN, got " + nodeId);
      }
      int index = Integer.parseInt(nodeId.substring(1)) - 1;
      crashes.add(new ScriptedCrash(at.toNanos(), index, downFor.toNanos()));
      return this;
    }

    /**
     * The clock-rate fault: during the safety phase, each node's tick source now and then (about
     * every 50 ticks) moves to a new rate drawn uniformly from [1 - {@code drift}, 1 +
     * {@code drift}] (a rate of 1.1 ticks 10 % faster than simulated real time), as crystals and
     * virtualised clocks drift, and keeps it until the next change, across restarts (it is the
     * machine's clock). 0, the default, is perfect clocks. Drawn from the seed, apart from every
     * other random choice, so the same seed replays the same run.
     *
     * @throws IllegalArgumentException unless 0 <= drift < 1
     */
    public Builder<M, N> clockRateDrift(double drift) {
      if (!(drift >= 0 && drift < 1)) {
        throw new IllegalArgumentException("clockRateDrift must be in [0, 1), got " + drift);
      }
      this.clockRateDrift = drift;
      return this;
    }

    /** The simulation. */
    public Simulation<M, N> build() {
      for (ScriptedCrash c : crashes) {
        if (c.node() < 0 || c.node() >= nodes) {
          throw new IllegalArgumentException("crashAt names n" + (c.node() + 1) + " but there are "
              + nodes + " nodes");
        }
      }
      return new Simulation<>(this);
    }

    private static Duration positive(String name, Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + d);
      }
      return d;
    }
  }
}
