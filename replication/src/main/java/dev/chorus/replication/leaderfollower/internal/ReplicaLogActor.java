package dev.chorus.replication.leaderfollower.internal;

import dev.chorus.core.ChorusSerializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * Keeps one replica's durable writes (its log's appends and cuts, and its markers) through Pekko
 * Persistence, apart from the replica's own actor, so that the replica never waits on its own
 * fsync (DESIGN.md "Durable logs"): while one batch is written here, the next builds up there.
 * Batches are handled one at a time, so their acknowledgements come in order.
 *
 * <p>Its state is the writes since the replica's last durable image (a compaction, or an
 * installed snapshot): on recovery it hands the replica exactly those, which is what {@code
 * ReplicaCore.recover} takes. An image is followed by a Pekko snapshot of that state, and so is
 * every {@code eventsPerSnapshot}-th event; events older than the second-latest snapshot are
 * deleted (Pekko's typed API deletes events only on count-based snapshots), so the journal holds
 * about one image's worth. If a write fails, Pekko Persistence stops this actor; the replica
 * watches it and stops too, rather than acknowledge what it cannot keep.
 */
final class ReplicaLogActor extends EventSourcedBehavior<ReplicaLogActor.Command, ReplicaLogActor.Stored,
    ReplicaLogActor.Writes> {
  sealed interface Command {}

  /**
   * Write {@code writes} atomically (each one {@link ReplicaCodec}'s bytes; {@code image} marks
   * those that are durable images), then answer {@code lastToken}.
   */
  record Append(List<Stored> writes, long lastToken, ActorRef<Long> replyTo) implements Command {
    Append {
      writes = List.copyOf(writes);
    }
  }

  /** One durable write, as the journal holds it. */
  record Stored(byte[] write, boolean image) implements ChorusSerializable {}

  /** The writes since the last image, as a Pekko snapshot holds them. */
  record StoredWrites(List<Stored> writes) implements ChorusSerializable {}

  /** The writes since the last image (the image first). Only this actor touches it. */
  static final class Writes {
    private final List<Stored> writes = new ArrayList<>();

    Writes add(Stored write) {
      if (write.image()) {
        writes.clear();
      }
      writes.add(write);
      return this;
    }

    List<byte[]> bytes() {
      return writes.stream().map(Stored::write).toList();
    }
  }

  private static final int KEEP_SNAPSHOTS = 2;

  private final ActorRef<ReplicaNode.Command> recovered;
  private final int eventsPerSnapshot;

  private ReplicaLogActor(PersistenceId id, int eventsPerSnapshot, ActorRef<ReplicaNode.Command> recovered) {
    super(id);
    this.recovered = recovered;
    this.eventsPerSnapshot = eventsPerSnapshot;
  }

  /** Hands the recovered writes to {@code recovered}, then takes appends. */
  static Behavior<Command> create(PersistenceId id, int eventsPerSnapshot, ActorRef<ReplicaNode.Command> recovered) {
    return new ReplicaLogActor(id, eventsPerSnapshot, recovered);
  }

  @Override
  public Writes emptyState() {
    return new Writes();
  }

  @Override
  public CommandHandler<Command, Stored, Writes> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Append.class, (state, a) -> Effect()
            .persist(a.writes())
            .thenRun(s -> a.replyTo().tell(a.lastToken())))
        .build();
  }

  @Override
  public EventHandler<Writes, Stored> eventHandler() {
    return Writes::add;
  }

  @Override
  public boolean shouldSnapshot(Writes state, Stored event, long sequenceNr) {
    return event.image();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(eventsPerSnapshot, KEEP_SNAPSHOTS).withDeleteEventsOnSnapshot();
  }

  // The state is mutable; the snapshot store gets an immutable copy, made here on this actor.
  @Override
  public SnapshotAdapter<Writes> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(Writes state) {
        return new StoredWrites(List.copyOf(state.writes));
      }

      @Override
      public Writes fromJournal(Object from) {
        Writes state = new Writes();
        ((StoredWrites) from).writes().forEach(state::add);
        return state;
      }
    };
  }

  @Override
  public SignalHandler<Writes> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> recovered.tell(new ReplicaNode.Recovered(state.bytes())))
        .build();
  }
}
