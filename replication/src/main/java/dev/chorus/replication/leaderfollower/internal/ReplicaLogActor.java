package dev.chorus.replication.leaderfollower.internal;

import dev.chorus.core.ChorusSerializable;
import java.util.List;

/**
 * The types a replica's journal holds. Named for the actor that once journaled them, before the
 * replica moved onto the shared {@link dev.chorus.core.host.LogActor} ({@link ReplicaLogFormat}):
 * their class names are the manifests in every replica journal and snapshot store, so they stay
 * (docs/architecture.md, "Names that must not change").
 */
final class ReplicaLogActor {
  private ReplicaLogActor() {}

  /**
   * One durable write, as the journal holds it: whole ({@code parts} 0), or part {@code part} of
   * {@code parts} of one too large for a single journal write, which counts once its last part is in.
   */
  record Stored(byte[] write, boolean image, int part, int parts) implements ChorusSerializable {
    /** A whole write. */
    Stored(byte[] write, boolean image) {
      this(write, image, 0, 0);
    }
  }

  /** The writes since the last image, as a Pekko snapshot holds them. */
  record StoredWrites(List<Stored> writes) implements ChorusSerializable {}
}
