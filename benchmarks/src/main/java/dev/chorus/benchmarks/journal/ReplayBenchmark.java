package dev.chorus.benchmarks.journal;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;
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
 * Replay speed: the time for a persistent actor to recover {@link #EVENTS} events. Events per
 * second is {@code EVENTS / score}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
@State(Scope.Benchmark)
public class ReplayBenchmark {
  /** Events replayed per recovery. */
  public static final int EVENTS = 100_000;
  private static final int PER_WRITE = 100;

  @Param({"CHORUS", "LEVELDB", "JDBC_H2"})
  public JournalUnderTest journal;

  private Path dir;
  private ActorSystem<SpawnProtocol.Command> system;
  private int incarnation;

  @Setup(Level.Trial)
  public void fill() {
    dir = Bench.tempDir();
    system = Bench.system(journal, dir);
    CountDownLatch recovered = new CountDownLatch(1);
    ActorRef<BenchWriter.Command> writer =
        Bench.spawn(system, BenchWriter.create("replayed", recovered), "filler");
    Bench.await(recovered);
    CountDownLatch done = new CountDownLatch(EVENTS / PER_WRITE);
    for (int i = 0; i < EVENTS / PER_WRITE; i++) {
      writer.tell(new BenchWriter.Persist(PER_WRITE, done));
    }
    Bench.await(done);
    writer.tell(BenchWriter.Stop.INSTANCE);
  }

  @Benchmark
  public void recoverAll() {
    CountDownLatch recovered = new CountDownLatch(1);
    ActorRef<BenchWriter.Command> r = Bench.spawn(system, BenchWriter.create("replayed", recovered),
        "replay-" + incarnation++);
    Bench.await(recovered);
    r.tell(BenchWriter.Stop.INSTANCE);
  }

  @TearDown(Level.Trial)
  public void stop() {
    Bench.shutdown(system, dir);
  }
}
