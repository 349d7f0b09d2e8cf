package dev.chorus.benchmarks.sim;

import dev.chorus.testkit.sim.Clients;
import dev.chorus.testkit.sim.Command;
import dev.chorus.testkit.sim.Faults;
import dev.chorus.testkit.sim.Result;
import dev.chorus.testkit.sim.Simulation;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Simulator speed: each invocation is one seeded run of 5 nodes and 8 clients that stops after
 * exactly {@link #STEPS} steps (the run is cut off by its step limit, long before its simulated
 * safety phase ends). Steps per second is {@code STEPS / score}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
@State(Scope.Benchmark)
public class SimulatorBenchmark {
  /** Steps per run. */
  public static final long STEPS = 200_000;

  @Param({"none", "everything"})
  public String faults;

  private Simulation<QuorumWrites.Message, QuorumWrites> simulation;
  private long seed;

  @Setup
  public void build() {
    simulation = Simulation.<QuorumWrites.Message, QuorumWrites>builder(QuorumWrites::new)
        .nodes(5)
        .faults(faults.equals("none") ? Faults.none() : Faults.everything())
        .clients(Clients.of(8, (random, client) -> new Command("write", "k", random.nextInt(100))))
        .safetyPhase(Duration.ofHours(1))
        .livenessPhase(Duration.ofSeconds(5))
        .maxSteps(STEPS)
        .build();
    Result r = simulation.run(0);
    if (r.steps() < STEPS) {
      throw new IllegalStateException("a run ended after " + r.steps() + " steps: " + r.failure());
    }
    System.out.println("[" + r.stats() + "]");
  }

  @Benchmark
  public void run(Blackhole hole) {
    hole.consume(simulation.run(++seed).steps());
  }
}
