package dev.chorus.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The shared log actor: writes are acknowledged in order, a write the format cuts into steps is
 * journaled whole before the writes behind it, and a restarted actor recovers the fold of all.
 */
class LogActorTest {
  private static final ActorTestKit KIT = ActorTestKit.create("log-actor", ConfigFactory.parseString("""
      pekko.persistence.journal.plugin = "pekko.persistence.journal.inmem"
      pekko.persistence.snapshot-store.plugin = "pekko.persistence.snapshot-store.local"
      pekko.persistence.snapshot-store.local.dir = "target/log-actor-test-snapshots"
      """).withFallback(ConfigFactory.load()));

  /** Strings folded into the list of them; a string longer than the part size goes a character a step. */
  private static final class Strings implements LogFormat<String, List<String>> {
    @Override
    public List<String> empty() {
      return List.of();
    }

    @Override
    public List<String> apply(List<String> state, String event) {
      List<String> next = new ArrayList<>(state);
      next.add(event);
      return List.copyOf(next);
    }

    @Override
    public boolean snapshotAfter(String event) {
      return false;
    }

    @Override
    public long bytes(String event) {
      return event.length();
    }

    @Override
    public List<List<String>> journalWrites(List<String> events, int partBytes) {
      if (events.size() == 1 && events.get(0).startsWith("steps:")) {
        return events.get(0).chars().mapToObj(c -> List.of(String.valueOf((char) c))).toList();
      }
      return List.of(events);
    }
  }

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static ActorRef<LogActor.Command> start(PersistenceId id, TestProbe<List<String>> recovered) {
    return KIT.spawn(LogActor.create(id, new Strings(), 100, recovered.ref()::tell));
  }

  @Test
  void writesAreAcknowledgedInOrderAndRecovered() {
    PersistenceId id = PersistenceId.ofUniqueId("log-actor-test-1");
    TestProbe<List<String>> recovered = KIT.createTestProbe();
    TestProbe<Long> acks = KIT.createTestProbe();
    ActorRef<LogActor.Command> log = start(id, recovered);
    assertEquals(List.of(), recovered.receiveMessage());
    log.tell(new LogActor.Write<>(1, List.of("a"), acks.ref()));
    log.tell(new LogActor.Write<>(2, List.of("steps:xy"), acks.ref()));
    log.tell(new LogActor.Write<>(3, List.of("b", "c"), acks.ref()));
    assertEquals(List.of(1L, 2L, 3L), List.of(acks.receiveMessage(), acks.receiveMessage(), acks.receiveMessage()));
    KIT.stop(log);
    start(id, recovered);
    assertEquals(List.of("a", "s", "t", "e", "p", "s", ":", "x", "y", "b", "c"), recovered.receiveMessage(),
        "every step in order, and the write queued behind them after them");
  }
}
