package dev.chorus.consensus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.consensus.raft.Entry;
import dev.chorus.consensus.raft.RaftEvent;
import dev.chorus.consensus.raft.Ready;
import dev.chorus.core.Bytes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Group commit with a size cap: one write in flight, the rest batched, no batch the journal would refuse. */
class WritePipelineTest {
  private static final ActorTestKit KIT = ActorTestKit.create("write-pipeline");

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static Ready.Write write(long token, int commandBytes) {
    return new Ready.Write(token, new RaftEvent.Appended(List.of(new Entry(token, 1, Bytes.of(new byte[commandBytes])))));
  }

  @Test
  void writesArrivingDuringAFlushGoTogetherButNeverAboveTheCap() {
    TestProbe<RaftLogActor.Command> log = KIT.createTestProbe();
    TestProbe<Long> acks = KIT.createTestProbe();
    WritePipeline pipeline = new WritePipeline(log.ref(), acks.ref());
    pipeline.add(List.of(write(1, 10)));
    assertEquals(1, log.expectMessageClass(RaftLogActor.Write.class).events().size(), "the first goes at once");
    List<Ready.Write> big = new ArrayList<>();
    for (long t = 2; t <= 11; t++) {
      big.add(write(t, 1_000_000));
    }
    pipeline.add(big);
    log.expectNoMessage(Duration.ofMillis(50));
    List<Integer> sizes = new ArrayList<>();
    List<Long> tokens = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      pipeline.acknowledged();
      RaftLogActor.Write w = log.expectMessageClass(RaftLogActor.Write.class);
      sizes.add(w.events().size());
      tokens.add(w.token());
      assertTrue(w.events().stream().mapToLong(WritePipeline::bytes).sum() <= WritePipeline.MAX_BATCH_BYTES);
    }
    assertEquals(List.of(4, 4, 2), sizes, "ten 1 MB writes in batches of at most 4 MiB");
    assertEquals(List.of(5L, 9L, 11L), tokens, "each batch is acknowledged by its own last token");
  }

  @Test
  void aWriteLargerThanTheCapStillGoesAlone() {
    TestProbe<RaftLogActor.Command> log = KIT.createTestProbe();
    WritePipeline pipeline = new WritePipeline(log.ref(), KIT.<Long>createTestProbe().ref());
    pipeline.add(List.of(write(1, 5_000_000), write(2, 10)));
    assertEquals(1, log.expectMessageClass(RaftLogActor.Write.class).events().size());
    pipeline.acknowledged();
    assertEquals(2L, log.expectMessageClass(RaftLogActor.Write.class).token());
  }
}
