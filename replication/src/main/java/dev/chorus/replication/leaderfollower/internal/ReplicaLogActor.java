package dev.chorus.replication.leaderfollower.internal;

import dev.chorus.core.ByteParts;
import dev.chorus.core.ChorusSerializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * Keeps one replica's durable writes (its log's appends and cuts, and its markers) through Pekko
 * Persistence, apart from the replica's own actor, so that the replica never waits on its own
 * fsync (docs/architecture.md, "Durable logs"): while one batch is written here, the next builds up there.
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

  /** The journal write of part {@code next} of an append that goes in {@code parts}; local only. */
  private record NextPart(Append append, List<Stored> parts, int next) implements Command {}

  /** The writes since the last image, as a Pekko snapshot holds them. */
  record StoredWrites(List<Stored> writes) implements ChorusSerializable {}

  /**
   * The writes since the last image (the image first), and the parts so far of a write that goes
   * in parts. Only this actor touches it.
   */
  static final class Writes {
    private final List<Stored> writes = new ArrayList<>();
    private final List<Stored> parts = new ArrayList<>();

    Writes add(Stored write) {
      if (write.parts() > 0) {
        return addPart(write);
      }
      if (write.image()) {
        writes.clear();
      }
      writes.add(write);
      return this;
    }

    /**
     * A part 0 starts afresh, dropping parts a crash left without their last; the last part adds
     * the whole write.
     */
    private Writes addPart(Stored p) {
      if (p.part() == 0) {
        parts.clear();
      } else if (parts.size() != p.part() || parts.get(0).parts() != p.parts()) {
        throw new IllegalStateException("write part " + p.part() + " of " + p.parts() + " follows " + parts.size()
            + " parts: the journal is out of order");
      }
      parts.add(p);
      if (parts.size() == p.parts()) {
        byte[] whole = ByteParts.join(parts.stream().map(Stored::write).toList());
        parts.clear();
        add(new Stored(whole, p.image()));
      }
      return this;
    }

    List<byte[]> bytes() {
      return writes.stream().map(Stored::write).toList();
    }

    /** Everything, for a Pekko snapshot: the writes, then any parts so far. */
    List<Stored> all() {
      List<Stored> all = new ArrayList<>(writes);
      all.addAll(parts);
      return all;
    }
  }

  /** {@code whole} as parts of at most {@code partBytes}, each a journal write of its own. */
  static List<Stored> split(Stored whole, int partBytes) {
    List<byte[]> bytes = ByteParts.split(whole.write(), partBytes);
    List<Stored> parts = new ArrayList<>(bytes.size());
    for (byte[] part : bytes) {
      parts.add(new Stored(part, whole.image(), parts.size(), bytes.size()));
    }
    return parts;
  }

  private static final int KEEP_SNAPSHOTS = 2;

  /** The most bytes of one write in one journal write: as much as one batch of the pipeline carries. */
  static final int PART_BYTES = LogPipeline.MAX_BATCH_BYTES;

  private final ActorRef<ReplicaNode.Command> recovered;
  private final int eventsPerSnapshot;
  private final ActorRef<Command> self;
  /** An append in parts is under way: appends behind it wait (stashed), so that writes stay in order. */
  private boolean writingParts;

  private ReplicaLogActor(PersistenceId id, int eventsPerSnapshot, ActorRef<ReplicaNode.Command> recovered,
      ActorRef<Command> self) {
    super(id);
    this.recovered = recovered;
    this.eventsPerSnapshot = eventsPerSnapshot;
    this.self = self;
  }

  /** Hands the recovered writes to {@code recovered}, then takes appends. */
  static Behavior<Command> create(PersistenceId id, int eventsPerSnapshot, ActorRef<ReplicaNode.Command> recovered) {
    return Behaviors.setup(context -> new ReplicaLogActor(id, eventsPerSnapshot, recovered, context.getSelf()));
  }

  @Override
  public Writes emptyState() {
    return new Writes();
  }

  @Override
  public CommandHandler<Command, Stored, Writes> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Append.class, (state, a) -> append(a))
        .onCommand(NextPart.class, (state, n) -> persistPart(n))
        .build();
  }

  /**
   * One journal write, or, for a single write over {@link #PART_BYTES} (a large snapshot's image:
   * the journal refuses a write over its {@code max-record-size}), one per part. The pipeline
   * gives a write that large an append of its own.
   */
  private Effect<Stored, Writes> append(Append a) {
    if (writingParts) {
      return Effect().stash();
    }
    if (a.writes().size() == 1 && a.writes().get(0).write().length > PART_BYTES) {
      writingParts = true;
      return persistPart(new NextPart(a, split(a.writes().get(0), PART_BYTES), 0));
    }
    return Effect().persist(a.writes()).thenRun(s -> a.replyTo().tell(a.lastToken()));
  }

  private Effect<Stored, Writes> persistPart(NextPart n) {
    if (n.next() < n.parts().size() - 1) {
      return Effect().persist(n.parts().get(n.next()))
          .thenRun(s -> self.tell(new NextPart(n.append(), n.parts(), n.next() + 1)));
    }
    return Effect().persist(n.parts().get(n.next())).thenRun(s -> {
      writingParts = false;
      n.append().replyTo().tell(n.append().lastToken());
    }).thenUnstashAll();
  }

  @Override
  public EventHandler<Writes, Stored> eventHandler() {
    return Writes::add;
  }

  @Override
  public boolean shouldSnapshot(Writes state, Stored event, long sequenceNr) {
    return event.image() && (event.parts() == 0 || event.part() == event.parts() - 1); // once an image is whole
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
        return new StoredWrites(state.all());
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
