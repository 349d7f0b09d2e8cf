package dev.chorus.consensus.internal;

import dev.chorus.core.ChorusSerializable;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * Keeps one node's Raft storage (term, vote, log, snapshot) durable through Pekko Persistence,
 * apart from the {@link RaftNode}, so that the Raft actor never waits on its own fsync (docs/architecture.md,
 * "Durable logs"): while one {@link Write} is in flight here, the node goes on replicating and
 * the next batch builds up there. Writes are handled one at a time, so acknowledgements come in
 * order.
 *
 * <p>The state is the folded {@link LogState}. A {@link WireEvent.Compacted} replaces it and is
 * followed by a Pekko snapshot, so that recovery reads the Raft snapshot plus the log tail rather
 * than every event ever written. Every {@code eventsPerSnapshot} events a snapshot is taken too, and
 * events older than the second-latest snapshot are deleted (Pekko's typed API deletes events only
 * on count-based snapshots).
 *
 * <p>A snapshot larger than {@link SnapshotParts#PART_BYTES} goes in parts, a journal write each,
 * before the write whose Compacted names them ({@link SnapshotParts}): the journal refuses a single
 * write over its {@code max-record-size}, and a state machine may well outgrow that. The
 * acknowledgement comes after the last write.
 *
 * <p>If a write fails, Pekko Persistence stops this actor; the node watches it and stops too,
 * rather than acknowledge what it cannot keep.
 */
final class RaftLogActor extends EventSourcedBehavior<RaftLogActor.Command, WireEvent, LogState> {
  sealed interface Command extends ChorusSerializable {}

  /** Write {@code events} atomically, then tell {@code replyTo} that {@code token} is durable. */
  record Write(long token, List<WireEvent> events, ActorRef<Long> replyTo) implements Command {
    Write {
      events = List.copyOf(events);
    }
  }

  /** The journal write {@code step} of the {@code steps} that carry {@code write}; local only. */
  private record Step(Write write, List<List<WireEvent>> steps, int step) implements Command {}

  private static final int KEEP_SNAPSHOTS = 2;

  private final ActorRef<LogState> recovered;
  private final int eventsPerSnapshot;
  private final ActorRef<Command> self;

  private RaftLogActor(PersistenceId id, int eventsPerSnapshot, ActorRef<LogState> recovered, ActorRef<Command> self) {
    super(id);
    this.recovered = recovered;
    this.eventsPerSnapshot = eventsPerSnapshot;
    this.self = self;
  }

  /** Reports the recovered state to {@code recovered}, then takes writes. */
  static Behavior<Command> create(PersistenceId id, int eventsPerSnapshot, ActorRef<LogState> recovered) {
    return Behaviors.setup(context -> new RaftLogActor(id, eventsPerSnapshot, recovered, context.getSelf()));
  }

  @Override
  public LogState emptyState() {
    return LogState.EMPTY;
  }

  @Override
  public CommandHandler<Command, WireEvent, LogState> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Write.class, (state, w) -> persist(new Step(w, SnapshotParts.writes(w.events(),
            SnapshotParts.PART_BYTES), 0)))
        .onCommand(Step.class, (state, step) -> persist(step))
        .build();
  }

  /**
   * Journals one step; then the next, or, after the last, acknowledges the write. No other write
   * comes between: the pipeline sends the next only once this one is acknowledged.
   */
  private Effect<WireEvent, LogState> persist(Step s) {
    boolean last = s.step() == s.steps().size() - 1;
    return Effect().persist(s.steps().get(s.step())).thenRun(state -> {
      if (last) {
        s.write().replyTo().tell(s.write().token());
      } else {
        self.tell(new Step(s.write(), s.steps(), s.step() + 1));
      }
    });
  }

  @Override
  public EventHandler<LogState, WireEvent> eventHandler() {
    return LogState::apply;
  }

  @Override
  public boolean shouldSnapshot(LogState state, WireEvent event, long sequenceNr) {
    return event instanceof WireEvent.Compacted;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(eventsPerSnapshot, KEEP_SNAPSHOTS).withDeleteEventsOnSnapshot();
  }

  @Override
  public SignalHandler<LogState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), recovered::tell)
        .build();
  }
}
