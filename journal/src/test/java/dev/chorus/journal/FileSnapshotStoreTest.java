package dev.chorus.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.chorus.core.ChorusConfig;
import dev.chorus.core.ChorusSerializable;
import dev.chorus.journal.snapshot.SnapshotCorruptedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.DeleteSnapshotsCompleted;
import org.apache.pekko.persistence.typed.DeleteSnapshotsFailed;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.SnapshotCompleted;
import org.apache.pekko.persistence.typed.SnapshotFailed;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin end to end, as the default snapshot store of a Chorus actor system. Events go to the
 * in-memory journal, which forgets them when its system stops: after a restart the state can only
 * have come from a snapshot file.
 */
class FileSnapshotStoreTest {
  private static final PersistenceId ID = PersistenceId.ofUniqueId("Counter|1");
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir Path dataDir;

  @Test
  void recoversTheSnapshottedStateInANewActorSystem() throws IOException {
    ActorTestKit first = ActorTestKit.create("snapshots-first", config());
    try {
      Run run = new Run(first);
      for (int amount = 1; amount <= 6; amount++) {
        run.add(amount);
      }
      run.signals.expectMessage(TIMEOUT, "saved 3");
      run.signals.expectMessage(TIMEOUT, "saved 6");
      // Retention keeps one snapshot, so the one at 3 goes once the one at 6 is saved.
      run.signals.expectMessage(TIMEOUT, "deleted");
      assertEquals(new Counter.Total(28, 7), run.add(7)); // not snapshotted
    } finally {
      first.shutdownTestKit();
    }
    List<Path> files = snapshotFiles();
    assertEquals(1, files.size(), files.toString());
    assertTrue(files.get(0).getFileName().toString().startsWith("snapshot-%43ounter%7C1-6-"),
        files.toString());

    ActorTestKit second = ActorTestKit.create("snapshots-second", config());
    try {
      Run run = new Run(second);
      assertEquals(new Counter.Total(21, 6), run.recovered.receiveMessage(TIMEOUT));
      // Sequence numbers continue after the snapshot's.
      assertEquals(new Counter.Total(31, 7), run.add(10));
    } finally {
      second.shutdownTestKit();
    }
  }

  @Test
  void aCorruptSnapshotFailsRecovery() throws IOException {
    ActorTestKit first = ActorTestKit.create("corrupt-first", config());
    try {
      Run run = new Run(first);
      run.add(1);
      run.add(2);
      run.add(3);
      run.signals.expectMessage(TIMEOUT, "saved 3");
    } finally {
      first.shutdownTestKit();
    }
    Path file = snapshotFiles().get(0);
    byte[] content = Files.readAllBytes(file);
    content[content.length / 2] ^= 0x10;
    Files.write(file, content);

    ActorTestKit second = ActorTestKit.create("corrupt-second", config());
    try {
      Run run = new Run(second);
      run.signals.expectMessage(TIMEOUT,
          "recovery failed: " + SnapshotCorruptedException.class.getSimpleName());
      run.recovered.expectNoMessage(Duration.ofMillis(200));
    } finally {
      second.shutdownTestKit();
    }
  }

  private Config config() {
    Config application = ConfigFactory.parseString("""
        pekko.actor.provider = local
        pekko.persistence.journal.plugin = "pekko.persistence.journal.inmem"
        """).withValue("chorus.node.data-dir", ConfigValueFactory.fromAnyRef(dataDir.toString()));
    return ChorusConfig.withDefaults(application);
  }

  private List<Path> snapshotFiles() throws IOException {
    try (Stream<Path> files = Files.list(dataDir.resolve("snapshots"))) {
      return files.toList();
    }
  }

  /** One incarnation of the counter with its probes. */
  private static final class Run {
    final TestProbe<String> signals;
    final TestProbe<Counter.Total> recovered;
    final TestProbe<Counter.Total> replies;
    final ActorRef<Counter.Command> counter;

    Run(ActorTestKit kit) {
      signals = kit.createTestProbe();
      recovered = kit.createTestProbe();
      replies = kit.createTestProbe();
      counter = kit.spawn(Counter.create(ID, signals.ref(), recovered.ref()));
    }

    Counter.Total add(int amount) {
      counter.tell(new Counter.Add(amount, replies.ref()));
      return replies.receiveMessage(TIMEOUT);
    }
  }

  /** Sums what it is given; snapshots every 3 events and keeps one snapshot. */
  static final class Counter
      extends EventSourcedBehavior<Counter.Command, Counter.Added, Counter.Total> {
    sealed interface Command extends ChorusSerializable permits Add {}

    record Add(int amount, ActorRef<Total> replyTo) implements Command {}

    record Added(int amount) implements ChorusSerializable {}

    record Total(int sum, int adds) implements ChorusSerializable {
      Total plus(int amount) {
        return new Total(sum + amount, adds + 1);
      }
    }

    private final ActorRef<String> signals;
    private final ActorRef<Total> recovered;

    private Counter(PersistenceId id, ActorRef<String> signals, ActorRef<Total> recovered) {
      super(id);
      this.signals = signals;
      this.recovered = recovered;
    }

    static Behavior<Command> create(
        PersistenceId id, ActorRef<String> signals, ActorRef<Total> recovered) {
      return new Counter(id, signals, recovered);
    }

    @Override
    public Total emptyState() {
      return new Total(0, 0);
    }

    @Override
    public CommandHandler<Command, Added, Total> commandHandler() {
      return newCommandHandlerBuilder().forAnyState()
          .onCommand(Add.class, (state, add) ->
              Effect().persist(new Added(add.amount())).thenReply(add.replyTo(), total -> total))
          .build();
    }

    @Override
    public EventHandler<Total, Added> eventHandler() {
      return newEventHandlerBuilder().forAnyState()
          .onEvent(Added.class, (state, added) -> state.plus(added.amount()))
          .build();
    }

    @Override
    public RetentionCriteria retentionCriteria() {
      return RetentionCriteria.snapshotEvery(3, 1);
    }

    @Override
    public SignalHandler<Total> signalHandler() {
      return newSignalHandlerBuilder()
          .onSignal(RecoveryCompleted.instance(), recovered::tell)
          .onSignal(RecoveryFailed.class, (state, failed) ->
              signals.tell("recovery failed: " + failed.failure().getClass().getSimpleName()))
          .onSignal(SnapshotCompleted.class, (state, done) ->
              signals.tell("saved " + done.metadata().sequenceNr()))
          .onSignal(SnapshotFailed.class, (state, failed) ->
              signals.tell("save failed: " + failed.failure()))
          .onSignal(DeleteSnapshotsCompleted.class, (state, done) -> signals.tell("deleted"))
          .onSignal(DeleteSnapshotsFailed.class, (state, failed) ->
              signals.tell("delete failed: " + failed.failure()))
          .build();
    }
  }
}
