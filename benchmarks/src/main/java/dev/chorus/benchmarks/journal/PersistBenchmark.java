package dev.chorus.benchmarks.journal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Persistent actors persisting one event at a time, each waiting for its acknowledgement before
 * the next ({@link #EVENTS_PER_ACTOR} per actor per invocation): with one actor this is the
 * sequential rate; with 64 or 256 actors concurrently, group commit lets many writes share one
 * fsync. The {@code events} counter is events per second across all actors.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
@State(Scope.Benchmark)
public class PersistBenchmark {
  @Param({"CHORUS", "LEVELDB", "JDBC_H2"})
  public JournalUnderTest journal;

  @Param({"1", "64", "256"})
  public int actors;

  /** Sequential persists per actor per benchmark invocation. */
  public static final int EVENTS_PER_ACTOR = 20;

  private Path dir;
  private ActorSystem<SpawnProtocol.Command> system;
  private final List<ActorRef<BenchWriter.Command>> writers = new ArrayList<>();

  /** Events persisted, reported by JMH per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Events {
    public long events;
  }

  @Setup(Level.Trial)
  public void start() {
    dir = Bench.tempDir();
    system = Bench.system(journal, dir);
    CountDownLatch recovered = new CountDownLatch(actors);
    for (int i = 0; i < actors; i++) {
      writers.add(Bench.spawn(system, BenchWriter.create("writer-" + i, recovered), "writer-" + i));
    }
    Bench.await(recovered);
  }

  /** Every actor persists its events one by one; returns when all are acknowledged. */
  @Benchmark
  public void persistSequentially(Events counter) {
    CountDownLatch done = new CountDownLatch(actors);
    BenchWriter.PersistSequentially run = new BenchWriter.PersistSequentially(EVENTS_PER_ACTOR, done);
    for (ActorRef<BenchWriter.Command> w : writers) {
      w.tell(run);
    }
    Bench.await(done);
    counter.events += (long) actors * EVENTS_PER_ACTOR;
  }

  @TearDown(Level.Trial)
  public void stop() {
    Bench.shutdown(system, dir);
    writers.clear();
  }
}
