package dev.chorus.journal.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.chorus.core.ChorusConfig;
import dev.chorus.journal.JournalSettings;
import dev.chorus.journal.file.FileJournalStore;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin as persistent actors use it: default plugin, durability across systems, faults. */
class FileJournalPluginTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dataDir;

  private ActorTestKit system() {
    Config config = ChorusConfig.withDefaults(ConfigFactory.parseString("""
        pekko.actor.provider = local
        chorus.node.data-dir = "%s"
        pekko.persistence.snapshot-store.plugin = ""
        """.formatted(dataDir)));
    return ActorTestKit.create("journal", config);
  }

  private static Counter.Recovered start(ActorTestKit kit, String id, ActorRef<Counter.Command>[] out) {
    TestProbe<Counter.Recovered> recovery = kit.createTestProbe();
    out[0] = kit.spawn(Counter.create(id, recovery.ref()));
    return recovery.receiveMessage(WAIT);
  }

  @SuppressWarnings("unchecked")
  private static ActorRef<Counter.Command>[] holder() {
    return new ActorRef[1];
  }

  @Test
  void isTheDefaultJournalAndKeepsEventsAcrossActorSystems() {
    ActorTestKit first = system();
    try {
      assertEquals("chorus.journal.file",
          first.system().settings().config().getString("pekko.persistence.journal.plugin"));
      ActorRef<Counter.Command>[] counter = holder();
      assertEquals(0, start(first, "c1", counter).state().total());
      TestProbe<Done> acks = first.createTestProbe();
      for (int i = 1; i <= 50; i++) {
        counter[0].tell(new Counter.Add(i, acks.ref()));
      }
      acks.receiveSeveralMessages(50, WAIT);
      counter[0].tell(new Counter.AddAll(java.util.List.of(100L, 200L, 300L), acks.ref()));
      acks.receiveMessage(WAIT);
    } finally {
      first.shutdownTestKit();
    }
    assertTrue(Files.exists(dataDir.resolve("journal").resolve("00000000000000000001.seg")));
    ActorTestKit second = system();
    try {
      ActorRef<Counter.Command>[] counter = holder();
      Counter.Recovered recovered = start(second, "c1", counter);
      assertEquals(new Counter.State(50 * 51 / 2 + 600, 53), recovered.state(),
          "single events and one atomic write of three all come back");
    } finally {
      second.shutdownTestKit();
    }
  }

  @Test
  void aWriteCompletesOnTheWriterThreadWithNoHandOffBetween() {
    ActorTestKit kit = system();
    try {
      TestProbe<Counter.Recovered> recovery = kit.createTestProbe();
      // A persistent actor on the calling-thread dispatcher sees its acknowledgement where the
      // plugin completes the write: on the writer thread, straight after the fsync, only if the
      // plugin does not hand the completion to a pool first.
      ActorRef<Counter.Command> counter = kit.spawn(Counter.create("c4", recovery.ref()), "c4",
          DispatcherSelector.fromConfig("chorus.dispatchers.calling-thread"));
      recovery.receiveMessage(WAIT);
      TestProbe<String> where = kit.createTestProbe();
      List<String> threads = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        counter.tell(new Counter.AddWhere(where.ref()));
        threads.add(where.receiveMessage(WAIT));
      }
      // Not every one: a message of Pekko's own that the actor is busy with when the write
      // completes makes that thread, not the writer, run the acknowledgement.
      assertTrue(threads.stream().anyMatch(t -> t.startsWith("chorus-journal-writer")), threads.toString());
    } finally {
      kit.shutdownTestKit();
    }
  }

  @Test
  void anUnserializableEventIsRejectedAndLeavesTheJournalIntact() throws Exception {
    ActorTestKit kit = system();
    try {
      ActorRef<Counter.Command>[] counter = holder();
      start(kit, "c2", counter);
      TestProbe<Done> acks = kit.createTestProbe();
      counter[0].tell(new Counter.Add(5, acks.ref()));
      acks.receiveMessage(WAIT);
      counter[0].tell(new Counter.AddUnserializable(acks.ref()));
      acks.expectTerminated(counter[0], WAIT);
      Counter.Recovered again = start(kit, "c2", counter);
      assertEquals(new Counter.State(5, 1), again.state(), "only the serializable event was written");
      counter[0].tell(new Counter.Add(1, acks.ref()));
      acks.receiveMessage(WAIT);
    } finally {
      kit.shutdownTestKit();
    }
    try (FileJournalStore store = FileJournalStore.open(JournalSettings.defaults(dataDir.resolve("journal")))) {
      assertEquals(2, store.highestSequenceNr("c2"), "the journal reopens cleanly");
    }
  }

  @Test
  void corruptionFailsRecoveryWithTheFileAndOffset() throws Exception {
    ActorTestKit kit = system();
    try {
      ActorRef<Counter.Command>[] counter = holder();
      start(kit, "c3", counter);
      TestProbe<Done> acks = kit.createTestProbe();
      for (int i = 0; i < 3; i++) {
        counter[0].tell(new Counter.Add(1, acks.ref()));
        acks.receiveMessage(WAIT);
      }
    } finally {
      kit.shutdownTestKit();
    }
    Path segment = dataDir.resolve("journal").resolve("00000000000000000001.seg");
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {0x7f}), 20);
    }
    ActorTestKit broken = system();
    try {
      ActorRef<Counter.Command>[] counter = holder();
      Counter.Recovered failed = start(broken, "c3", counter);
      assertNull(failed.state());
      assertTrue(failed.failure().contains(segment.toString()) && failed.failure().contains("offset 0"),
          failed.failure());
    } finally {
      broken.shutdownTestKit();
    }
  }

  @Test
  void anIoErrorFailsThePersistAndStopsTheActor() throws Exception {
    Path journal = Files.createDirectories(dataDir.resolve("journal"));
    Files.createSymbolicLink(journal.resolve("00000000000000000001.seg"), Path.of("/dev/full"));
    ActorTestKit kit = system();
    try {
      ActorRef<Counter.Command>[] counter = holder();
      start(kit, "c4", counter);
      TestProbe<Done> acks = kit.createTestProbe();
      counter[0].tell(new Counter.Add(1, acks.ref()));
      acks.expectTerminated(counter[0], WAIT);
    } finally {
      kit.shutdownTestKit();
    }
  }
}
