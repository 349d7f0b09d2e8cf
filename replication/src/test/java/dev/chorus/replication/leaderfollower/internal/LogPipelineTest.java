package dev.chorus.replication.leaderfollower.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.core.Bytes;
import dev.chorus.replication.leaderfollower.protocol.LogRecord;
import dev.chorus.replication.leaderfollower.protocol.ReplicaEffects;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** One append in flight; the writes issued meanwhile go together in the next, under the size cap. */
class LogPipelineTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @Test
  void writesIssuedWhileOneIsInFlightShareTheNextAppend() {
    TestProbe<ReplicaLogActor.Command> log = KIT.createTestProbe();
    TestProbe<Long> replies = KIT.createTestProbe();
    LogPipeline pipeline = new LogPipeline(log.getRef(), replies.getRef());
    pipeline.write(write(1, 10));
    ReplicaLogActor.Append first = log.expectMessageClass(ReplicaLogActor.Append.class);
    assertEquals(1, first.writes().size());
    pipeline.write(write(2, 10));
    pipeline.write(write(3, 10));
    log.expectNoMessage();
    pipeline.completed(1);
    ReplicaLogActor.Append second = log.expectMessageClass(ReplicaLogActor.Append.class);
    assertEquals(2, second.writes().size());
    assertEquals(3, second.lastToken());
  }

  @Test
  void aBatchStaysUnderTheCap() {
    TestProbe<ReplicaLogActor.Command> log = KIT.createTestProbe();
    LogPipeline pipeline = new LogPipeline(log.getRef(), KIT.<Long>createTestProbe().getRef());
    int big = LogPipeline.MAX_BATCH_BYTES / 3;
    pipeline.write(write(1, 10));
    log.expectMessageClass(ReplicaLogActor.Append.class);
    for (long token = 2; token <= 5; token++) {
      pipeline.write(write(token, big));
    }
    ReplicaLogActor.Append queued = log.expectMessageClass(ReplicaLogActor.Append.class);
    assertTrue(queued.writes().stream().mapToLong(b -> b.write().length).sum() <= LogPipeline.MAX_BATCH_BYTES);
    assertEquals(3, queued.lastToken());
  }

  private static ReplicaEffects.Write write(long token, int bytes) {
    return new ReplicaEffects.Write(token, -1, List.of(new LogRecord(1, token, Bytes.of(new byte[bytes]), false)), null);
  }
}
