package dev.chorus.consensus;

import static dev.chorus.consensus.GroupFixture.failure;
import static dev.chorus.consensus.GroupFixture.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.consensus.internal.RaftNode;
import dev.chorus.consensus.internal.RaftNode.Response;
import dev.chorus.core.Bytes;
import dev.chorus.core.host.Instances;
import dev.chorus.core.ConsistencyLevel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * How a {@link RaftGroup} turns its member's answers to local requests into results and typed
 * failures, with a probe in the member's place: answered, refused, never answered (the guard),
 * and stopped with requests still unanswered. Waits are bounded only against a hang.
 */
class RaftGroupAnswersTest {
  private static final ActorTestKit kit = ActorTestKit.create("answers");
  private static final RaftGroupSettings SETTINGS = RaftGroupSettings.defaults()
      .withTickInterval(Duration.ofMillis(20)).withRequestTimeout(Duration.ofMillis(200));

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private record Member(TestProbe<RaftNode.Command> probe, CompletableFuture<Done> stopped,
      RaftGroup<String, String, String> group) {}

  private static Member member() {
    TestProbe<RaftNode.Command> probe = kit.createTestProbe();
    CompletableFuture<Done> stopped = new CompletableFuture<>();
    return new Member(probe, stopped, new RaftGroup<>(
        new Instances.Started<>("g", "n1", kit.system(), probe.ref(), stopped), LogMachine.CODECS, SETTINGS));
  }

  @Test
  void answersBecomeResultsOrTypedFailures() {
    Member m = member();
    CompletionStage<String> submitted = m.group().submit("put");
    RaftNode.LocalSubmit s = m.probe().expectMessageClass(RaftNode.LocalSubmit.class);
    assertEquals("put", LogMachine.CODECS.commands().decode(s.command().toArray()));
    s.reply().accept(new Response.Ok(Bytes.of(LogMachine.CODECS.results().encode("done"))));
    assertEquals("done", get(submitted));

    CompletionStage<String> read = m.group().query("q", ConsistencyLevel.STRONG);
    RaftNode.LocalQuery q = m.probe().expectMessageClass(RaftNode.LocalQuery.class);
    assertEquals("q", q.query());
    q.reply().accept(new Response.Served("answer"));
    assertEquals("answer", get(read));

    CompletionStage<String> refused = m.group().submit("bad");
    m.probe().expectMessageClass(RaftNode.LocalSubmit.class).reply().accept(new Response.Rejected("no"));
    assertInstanceOf(IllegalArgumentException.class, failure(refused));
    CompletionStage<String> elsewhere = m.group().query("q", ConsistencyLevel.STRONG, ReadPath.LEASE);
    m.probe().expectMessageClass(RaftNode.LocalQuery.class).reply().accept(new Response.NotLeader(Optional.of("n2")));
    assertEquals(Optional.of("n2"), assertInstanceOf(NotLeader.class, failure(elsewhere)).leaderHint());
    m.stopped().complete(Done.getInstance());
  }

  @Test
  void aMemberThatNeverAnswersTimesOut() {
    Member m = member();
    CompletionStage<String> submitted = m.group().submit("lost");
    CompletionStage<String> read = m.group().query("lost", ConsistencyLevel.EVENTUAL);
    m.probe().expectMessageClass(RaftNode.LocalSubmit.class);
    m.probe().expectMessageClass(RaftNode.LocalQuery.class);
    Timeout t = assertInstanceOf(Timeout.class, failure(submitted), "the outcome is unknown");
    assertTrue(t.getMessage().contains("g"), t.getMessage());
    assertInstanceOf(Timeout.class, failure(read));
    m.stopped().complete(Done.getInstance());
  }

  @Test
  void requestsLeftUnansweredWhenTheMemberStopsAreAnswered() {
    Member m = member();
    CompletionStage<String> submitted = m.group().submit("in the mailbox");
    CompletionStage<String> read = m.group().query("in the mailbox", ConsistencyLevel.STRONG);
    m.probe().expectMessageClass(RaftNode.LocalSubmit.class);
    m.probe().expectMessageClass(RaftNode.LocalQuery.class);
    m.stopped().complete(Done.getInstance());
    assertInstanceOf(Timeout.class, failure(submitted), "a command's outcome is unknown");
    assertInstanceOf(Unavailable.class, failure(read), "a read simply did not happen");
    assertInstanceOf(Unavailable.class, failure(m.group().query("after", ConsistencyLevel.EVENTUAL)));
    m.probe().expectNoMessage(Duration.ofMillis(50));
  }
}
