package dev.chorus.benchmarks.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The physical limit: write one record of the journal's record size and force it, one at a time,
 * on the same disk. {@code append} grows the file with every write, as the journal does, so each
 * fdatasync also commits the new file size; {@code overwrite} writes into space allocated and
 * forced beforehand, so the fdatasync carries data alone. A journal that fsyncs every write cannot
 * beat the faster of the two with one writer.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Thread)
public class FsyncBenchmark {
  /** About the size of one persisted 128-byte event in the Chorus journal, frame included. */
  @Param({"300"})
  public int recordBytes;

  @Param({"append", "overwrite"})
  public String mode;

  private static final long PREALLOCATED = 256L * 1024 * 1024;

  private Path file;
  private FileChannel channel;
  private ByteBuffer record;
  private long position;

  @Setup(Level.Trial)
  public void open() throws IOException {
    file = Bench.tempDir().resolve("fsync.dat");
    channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    record = ByteBuffer.allocate(recordBytes);
    if (mode.equals("overwrite")) {
      ByteBuffer zeros = ByteBuffer.allocate(1024 * 1024);
      for (long p = 0; p < PREALLOCATED; p += zeros.capacity()) {
        zeros.clear();
        channel.write(zeros, p);
      }
      channel.force(true);
    }
  }

  @Benchmark
  public void appendAndForce() throws IOException {
    record.clear();
    position += channel.write(record, position);
    if (position + recordBytes > PREALLOCATED) {
      position = 0;
    }
    channel.force(false);
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    channel.close();
    Files.deleteIfExists(file);
    Files.deleteIfExists(file.getParent());
  }
}
