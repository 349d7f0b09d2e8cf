package dev.chorus.benchmarks.journal;

import com.typesafe.config.ConfigFactory;
import dev.chorus.core.ChorusConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;

/** Set-up shared by the journal benchmarks: a directory and an actor system on one journal. */
final class Bench {
  private Bench() {}

  static Path tempDir() {
    try {
      Path base = Path.of(System.getProperty("chorus.bench.dir", "target/bench"));
      Files.createDirectories(base);
      return Files.createTempDirectory(base.toAbsolutePath(), "journal-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ActorSystem<SpawnProtocol.Command> system(JournalUnderTest journal, Path dir) {
    var config = journal.config(dir)
        .withFallback(ConfigFactory.parseString("""
            pekko.actor.provider = local
            pekko.loglevel = WARNING
            chorus.node.data-dir = "%s"
            """.formatted(dir)));
    ActorSystem<SpawnProtocol.Command> system =
        ActorSystem.create(SpawnProtocol.create(), "bench", ChorusConfig.withDefaults(config));
    if (journal == JournalUnderTest.JDBC_H2) {
      SchemaUtils.createIfNotExists(system).toCompletableFuture().join();
    }
    return system;
  }

  static void await(CountDownLatch latch) {
    try {
      if (!latch.await(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("persistent actors did not answer within 5 minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Spawns a top-level actor through the system's SpawnProtocol guardian. */
  static <T> ActorRef<T> spawn(ActorSystem<SpawnProtocol.Command> system, Behavior<T> behavior, String name) {
    CompletionStage<ActorRef<T>> ref = AskPattern.ask(system,
        replyTo -> new SpawnProtocol.Spawn<>(behavior, name, Props.empty(), replyTo),
        Duration.ofSeconds(10), system.scheduler());
    return ref.toCompletableFuture().join();
  }

  static void shutdown(ActorSystem<?> system, Path dir) {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
