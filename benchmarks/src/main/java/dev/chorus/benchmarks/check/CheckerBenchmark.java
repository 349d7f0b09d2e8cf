package dev.chorus.benchmarks.check;

import dev.chorus.testkit.check.AtomicRegisterRun;
import dev.chorus.testkit.check.LinearizabilityChecker;
import dev.chorus.testkit.check.Models;
import dev.chorus.testkit.check.Verdict;
import dev.chorus.testkit.history.Op;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Linearizability checking time for {@code kv} histories: reads, writes and compare-and-sets by
 * concurrent clients over 1 or 10 keys (each key's part is checked on its own), recorded from an atomic register (so valid), about
 * one operation in twenty ending info. The goal is 10k operations under 1 s and 100k under 10 s.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
@State(Scope.Benchmark)
public class CheckerBenchmark {
  @Param({"1000", "10000", "100000"})
  public int operations;

  @Param({"10", "50"})
  public int clients;

  @Param({"1", "10"})
  public int keys;

  private List<Op> history;

  @Setup(Level.Trial)
  public void record() {
    history = AtomicRegisterRun.record(42, clients, operations, keys);
  }

  @Benchmark
  public Verdict linearizable() {
    Verdict v = new LinearizabilityChecker(Models.kv()).check(history);
    if (!v.isValid()) {
      throw new IllegalStateException("a valid history was judged " + v.render());
    }
    return v;
  }
}
