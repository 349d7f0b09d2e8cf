package dev.chorus.journal.internal;

import com.typesafe.config.Config;
import dev.chorus.journal.SnapshotSettings;
import dev.chorus.journal.snapshot.SnapshotFiles;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.serialization.Snapshot;
import org.apache.pekko.persistence.snapshot.japi.SnapshotStore;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import scala.concurrent.Future;
import scala.jdk.javaapi.FutureConverters;

/**
 * The embedded snapshot-store plugin, {@code chorus.snapshot.file}: one file per snapshot in
 * {@link SnapshotSettings#dir()}, kept by {@link SnapshotFiles}.
 *
 * <p>Pekko creates it from the plugin's configuration section. Payloads are serialized with Pekko
 * serialization wrapped in {@link Snapshot}, as Pekko's local snapshot store does, so the payload's
 * own serializer (Jackson CBOR for {@code ChorusSerializable}) and its manifest are recorded. The
 * optional {@link SnapshotMetadata#metadata()} is not stored.
 *
 * <p>All file I/O and serialization run on the plugin dispatcher, never on the actor's thread. A
 * corrupt snapshot fails the load (and so the recovery) with
 * {@link dev.chorus.journal.snapshot.SnapshotCorruptedException}; it is never skipped.
 */
public final class FileSnapshotStore extends SnapshotStore {
  private final SnapshotFiles files;
  private final Serialization serialization;
  private final Executor dispatcher;

  /**
   * @param pluginConfig the {@code chorus.snapshot.file} section, as Pekko hands it over
   * @throws dev.chorus.core.ChorusConfigException naming a wrong key
   * @throws IOException if the snapshot directory cannot be created or cleaned
   */
  public FileSnapshotStore(Config pluginConfig) throws IOException {
    ActorSystem system = context().system();
    SnapshotSettings settings =
        SnapshotSettings.fromConfig(pluginConfig, system.settings().config());
    this.files = SnapshotFiles.open(settings.dir(), settings.fsync());
    this.serialization = SerializationExtension.get(system);
    // Captured here because context() must not be used off the actor's thread.
    this.dispatcher = context().dispatcher();
  }

  @Override
  public Future<Optional<SelectedSnapshot>> doLoadAsync(
      String persistenceId, SnapshotSelectionCriteria criteria) {
    return onDispatcher(() -> files.load(persistenceId, criteria).map(this::deserialize));
  }

  @Override
  public Future<Void> doSaveAsync(SnapshotMetadata metadata, Object snapshot) {
    return onDispatcher(() -> {
      files.save(metadata, serialization.serialize(new Snapshot(snapshot)).get());
      return null;
    });
  }

  @Override
  public Future<Void> doDeleteAsync(SnapshotMetadata metadata) {
    return onDispatcher(() -> {
      files.delete(metadata);
      return null;
    });
  }

  @Override
  public Future<Void> doDeleteAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
    return onDispatcher(() -> {
      files.delete(persistenceId, criteria);
      return null;
    });
  }

  private SelectedSnapshot deserialize(SnapshotFiles.Loaded loaded) {
    Snapshot snapshot = serialization.deserialize(loaded.bytes(), Snapshot.class).get();
    return SelectedSnapshot.create(loaded.metadata(), snapshot.data());
  }

  /**
   * Runs blocking work on the plugin dispatcher. The future fails with the work's own exception
   * (not wrapped in a CompletionException), which is what Pekko reports to the persistent actor.
   */
  private <T> Future<T> onDispatcher(Callable<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    dispatcher.execute(() -> {
      try {
        result.complete(work.call());
      } catch (Exception e) {
        result.completeExceptionally(e);
      } catch (Error e) {
        // Fail the future so the actor is not left waiting, then let the dispatcher see it.
        result.completeExceptionally(e);
        throw e;
      }
    });
    return FutureConverters.asScala(result);
  }
}
