package dev.chorus.journal.internal;

import com.typesafe.config.Config;
import dev.chorus.core.metrics.ChorusMetrics;
import dev.chorus.core.metrics.Histogram;
import dev.chorus.journal.JournalSettings;
import dev.chorus.journal.file.FileJournalStore;
import dev.chorus.journal.file.JournalWrite;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.japi.AsyncWriteJournal;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;
import scala.jdk.javaapi.FutureConverters;

/**
 * The {@code chorus.journal.file} Pekko Persistence journal plugin: a thin adapter from the journal
 * SPI to {@link FileJournalStore}.
 *
 * <p>Events are serialized here, on the plugin actor, as whole {@code PersistentRepr}s through Pekko
 * serialization (which records each event's serializer and manifest). An AtomicWrite that fails to
 * serialize or is too large is rejected on its own (the persistent actor's persist is rejected and
 * it carries on) and never reaches a file. A failed append (an I/O error) fails the write, which
 * stops the persistent actor. If recovery found corruption, every request fails with that error,
 * naming the file and offset.
 */
public final class FileJournal extends AsyncWriteJournal {
  private final Serialization serialization = SerializationExtension.get(context().system());
  private final Executor replayExecutor;
  private final FileJournalStore store;
  private final RuntimeException openFailure;

  /** Called by Pekko with the plugin's configuration section. */
  public FileJournal(Config pluginConfig) {
    this.replayExecutor = context().system().dispatchers().lookup(pluginConfig.getString("replay-dispatcher"));
    FileJournalStore opened = null;
    RuntimeException failure = null;
    try {
      opened = open(pluginConfig);
    } catch (RuntimeException e) {
      failure = e;
      context().system().log().error(e, "The Chorus journal is unusable: {}", e.getMessage());
    }
    this.store = opened;
    this.openFailure = failure;
  }

  // A bad setting or a corrupt file must reach every persistent actor as its recovery failure,
  // with the key or the file and offset, rather than stop this actor and leave them waiting.
  private FileJournalStore open(Config pluginConfig) {
    JournalSettings settings = JournalSettings.fromConfig(pluginConfig, context().system().settings().config());
    try {
      Histogram fsyncs = ChorusMetrics.get(Adapter.toTyped(context().system()))
          .histogram("chorus_journal_fsync_seconds", "How long each fsync of the journal took", "dir")
          .labels(settings.dir().toString());
      return FileJournalStore.open(settings, fsyncs::observeNanos);
    } catch (IOException e) {
      throw new IllegalStateException("cannot open the journal in " + settings.dir() + ": " + e, e);
    }
  }

  @Override
  public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(Iterable<AtomicWrite> messages) {
    if (openFailure != null) {
      return Futures.failed(openFailure);
    }
    List<Optional<Exception>> results = new ArrayList<>();
    List<JournalWrite> accepted = new ArrayList<>();
    for (AtomicWrite write : messages) {
      try {
        JournalWrite w = serialize(write);
        store.checkSize(w);
        accepted.add(w);
        results.add(Optional.empty());
      } catch (RuntimeException e) {
        results.add(Optional.of(e));
      }
    }
    if (accepted.isEmpty()) {
      return Futures.successful(results);
    }
    CompletableFuture<Iterable<Optional<Exception>>> done = store.append(accepted).thenApply(x -> results);
    return FutureConverters.asScala(done);
  }

  private JournalWrite serialize(AtomicWrite write) {
    List<byte[]> payloads = new ArrayList<>(write.size());
    for (PersistentRepr repr : CollectionConverters.asJava(write.payload())) {
      payloads.add(serialization.serialize(repr).get());
    }
    return new JournalWrite(write.persistenceId(), write.lowestSequenceNr(), payloads);
  }

  @Override
  public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
    if (openFailure != null) {
      return Futures.failed(openFailure);
    }
    return FutureConverters.asScala(store.deleteTo(persistenceId, toSequenceNr));
  }

  @Override
  public Future<Void> doAsyncReplayMessages(String persistenceId, long fromSequenceNr, long toSequenceNr,
      long max, Consumer<PersistentRepr> replayCallback) {
    if (openFailure != null) {
      return Futures.failed(openFailure);
    }
    return FutureConverters.asScala(CompletableFuture.runAsync(() -> {
      try {
        store.replay(persistenceId, fromSequenceNr, toSequenceNr, max, (seq, bytes) ->
            replayCallback.accept(serialization.deserialize(bytes, PersistentRepr.class).get()));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("replay of " + persistenceId + " failed", e);
      }
    }, replayExecutor));
  }

  @Override
  public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
    if (openFailure != null) {
      return Futures.failed(openFailure);
    }
    return Futures.successful(store.highestSequenceNr(persistenceId));
  }

  @Override
  public void postStop() {
    if (store != null) {
      store.close();
    }
  }
}
