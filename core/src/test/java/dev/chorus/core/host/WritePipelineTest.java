package dev.chorus.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  private static WritePipeline<byte[]> pipeline(TestProbe<LogActor.Command> log) {
    return new WritePipeline<>(log.ref(), KIT.<Long>createTestProbe().ref(), b -> b.length);
  }

  @SuppressWarnings("unchecked")
  private static LogActor.Write<byte[]> written(TestProbe<LogActor.Command> log) {
    return log.expectMessageClass(LogActor.Write.class);
  }

  @Test
  void writesQueuedForOneStepGoTogetherWhenIdle() {
    TestProbe<LogActor.Command> log = KIT.createTestProbe();
    WritePipeline<byte[]> pipeline = pipeline(log);
    pipeline.add(1, new byte[10]);
    pipeline.add(2, new byte[10]);
    log.expectNoMessage(Duration.ofMillis(20));
    pipeline.send();
    LogActor.Write<byte[]> w = written(log);
    assertEquals(2, w.events().size(), "one step's writes, one batch");
    assertEquals(2L, w.token(), "acknowledged by its last token");
  }

  @Test
  void writesArrivingDuringAFlushGoTogetherButNeverAboveTheCap() {
    TestProbe<LogActor.Command> log = KIT.createTestProbe();
    WritePipeline<byte[]> pipeline = pipeline(log);
    pipeline.add(1, new byte[10]);
    pipeline.send();
    assertEquals(1, written(log).events().size(), "the first goes at once");
    for (long t = 2; t <= 11; t++) {
      pipeline.add(t, new byte[1_000_000]);
      pipeline.send();
    }
    log.expectNoMessage(Duration.ofMillis(50));
    List<Integer> sizes = new ArrayList<>();
    List<Long> tokens = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      pipeline.acknowledged();
      LogActor.Write<byte[]> w = written(log);
      sizes.add(w.events().size());
      tokens.add(w.token());
      assertTrue(w.events().stream().mapToLong(b -> b.length).sum() <= WritePipeline.MAX_BATCH_BYTES);
    }
    assertEquals(List.of(4, 4, 2), sizes, "ten 1 MB writes in batches of at most 4 MiB");
    assertEquals(List.of(5L, 9L, 11L), tokens, "each batch is acknowledged by its own last token");
  }

  @Test
  void aWriteLargerThanTheCapStillGoesAlone() {
    TestProbe<LogActor.Command> log = KIT.createTestProbe();
    WritePipeline<byte[]> pipeline = pipeline(log);
    byte[][] writes = {new byte[5_000_000], new byte[10]};
    for (int i = 0; i < writes.length; i++) {
      pipeline.add(i + 1, writes[i]);
    }
    pipeline.send();
    assertEquals(1L, written(log).token(), "the large one alone, for the format to cut");
    pipeline.acknowledged();
    assertEquals(2L, written(log).token());
  }
}
