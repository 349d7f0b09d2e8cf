package dev.chorus.benchmarks.wire;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.chorus.consensus.internal.RaftWireSamples;
import java.io.NotSerializableException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.SerializerWithStringManifest;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Raft's messages between members, serialized and deserialized again, through each candidate wire
 * format (issue 15, item 4): {@code raft-wire} is the hand-written {@code RaftWireSerializer}, and
 * {@code jackson-cbor} is Pekko's {@code JacksonCborSerializer} as a user gets it, found by the
 * actor system's {@code SerializationExtension} for the same records bound to it. Both are asked
 * for through the same extension, so each score is the serializer's own cost and nothing else.
 * The serialized size of each message is printed once per trial ({@code # wire size}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
@State(Scope.Benchmark)
public class WireFormatBenchmark {
  /** The class every Raft message between members travels in, bound to one serializer below. */
  private static final String FROM_PEER = "dev.chorus.consensus.internal.RaftNode$FromPeer";

  /** A user command's size in an AppendEntries. */
  private static final int COMMAND_BYTES = 100;

  @Param({"raft-wire", "jackson-cbor"})
  public String format;

  @Param({"append-1", "append-64", "append-response", "vote"})
  public String message;

  private ActorSystem system;
  private SerializerWithStringManifest serializer;
  private Object sample;
  private String manifest;

  @Setup
  public void start() {
    system = ActorSystem.create("wire", config(format));
    sample = RaftWireSamples.sample(message, COMMAND_BYTES);
    serializer = (SerializerWithStringManifest) SerializationExtension.get(system).findSerializerFor(sample);
    manifest = serializer.manifest(sample);
    byte[] bytes = serializer.toBinary(sample);
    if (!sample.equals(roundTrip())) {
      throw new IllegalStateException(format + " does not give " + message + " back as it was");
    }
    System.out.println("# wire size: " + format + " " + message + " " + bytes.length + " bytes ("
        + serializer.getClass().getSimpleName() + ", manifest " + manifest + ")");
  }

  @TearDown
  public void stop() {
    system.terminate();
  }

  /** One message written and read back, as a sender and a receiver each do once. */
  @Benchmark
  public Object roundTrip() {
    try {
      return serializer.fromBinary(serializer.toBinary(sample), manifest);
    } catch (NotSerializableException e) {
      throw new IllegalStateException(e);
    }
  }

  // Consensus's reference.conf binds the class to RaftWireSerializer (chorus-raft-wire); the CBOR
  // run binds it to Pekko's jackson-cbor instead, which is what every other Chorus message uses.
  private static Config config(String format) {
    String binding = format.equals("raft-wire") ? "chorus-raft-wire" : format;
    return ConfigFactory.parseString("pekko.actor.provider = local\n"
            + "pekko.loglevel = WARNING\n"
            + "pekko.actor.serialization-bindings { \"" + FROM_PEER + "\" = " + binding + " }")
        .withFallback(ConfigFactory.load());
  }
}
