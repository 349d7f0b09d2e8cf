package dev.chorus.core.host;

import java.util.List;
import java.util.function.Consumer;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * Keeps one protocol instance's durable writes through Pekko Persistence, apart from the instance's
 * own actor, so that the protocol never waits on its own fsync (docs/architecture.md, "Durable
 * logs"): while one {@link Write} is in flight here, the host goes on and the next batch builds up
 * in its {@link WritePipeline}. Writes are handled one at a time, so acknowledgements come in order.
 *
 * <p>What is journaled, and what it folds into, is the protocol's {@link LogFormat}. A write that
 * the format cuts into several journal writes (a snapshot over {@link WritePipeline#MAX_BATCH_BYTES}:
 * the journal refuses one write over its {@code max-record-size}) goes step by step, and writes
 * that arrive meanwhile wait; the acknowledgement comes after the last step. A Pekko snapshot
 * follows every event the format marks as an image, and every {@code eventsPerSnapshot}-th event;
 * events older than the second-latest snapshot are deleted (Pekko's typed API deletes events only
 * on count-based snapshots), so the journal holds about one image's worth.
 *
 * <p>If a write fails, Pekko Persistence stops this actor; the host watches it and stops too,
 * rather than acknowledge what it cannot keep.
 *
 * @param <E> the journaled events
 * @param <S> the folded state
 */
public final class LogActor<E, S> extends EventSourcedBehavior<LogActor.Command, E, S> {
  /** The log actor's protocol; local only (it never crosses nodes). */
  public sealed interface Command extends NoSerializationVerificationNeeded {}

  /** Write {@code events} atomically, then tell {@code replyTo} that {@code token} is durable. */
  public record Write<E>(long token, List<E> events, ActorRef<Long> replyTo) implements Command {
    /** Copies. */
    public Write {
      events = List.copyOf(events);
    }
  }

  /** The journal write {@code step} of the {@code steps} that carry {@code write}. */
  private record Step<E>(Write<E> write, List<List<E>> steps, int step) implements Command {}

  private static final int KEEP_SNAPSHOTS = 2;

  private final LogFormat<E, S> format;
  private final Consumer<S> recovered;
  private final int eventsPerSnapshot;
  private final ActorRef<Command> self;
  /** A write in several steps is under way: writes behind it wait (stashed), so that they stay in order. */
  private boolean stepping;

  private LogActor(PersistenceId id, LogFormat<E, S> format, int eventsPerSnapshot, Consumer<S> recovered,
      ActorRef<Command> self) {
    super(id);
    this.format = format;
    this.eventsPerSnapshot = eventsPerSnapshot;
    this.recovered = recovered;
    this.self = self;
  }

  /**
   * Recovers the state under {@code id}, hands it to {@code recovered} (on this actor's thread:
   * pass it on, or copy what is mutable), then takes writes.
   */
  public static <E, S> Behavior<Command> create(PersistenceId id, LogFormat<E, S> format, int eventsPerSnapshot,
      Consumer<S> recovered) {
    return Behaviors.setup(context -> new LogActor<>(id, format, eventsPerSnapshot, recovered, context.getSelf()));
  }

  @Override
  public S emptyState() {
    return format.empty();
  }

  @Override
  @SuppressWarnings("unchecked")
  public CommandHandler<Command, E, S> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Write.class, (state, w) -> write((Write<E>) w))
        .onCommand(Step.class, (state, s) -> persist((Step<E>) s))
        .build();
  }

  private Effect<E, S> write(Write<E> w) {
    if (stepping) {
      return Effect().stash();
    }
    List<List<E>> steps = format.journalWrites(w.events(), WritePipeline.MAX_BATCH_BYTES);
    stepping = steps.size() > 1;
    return persist(new Step<>(w, steps, 0));
  }

  /** Journals one step; then the next, or, after the last, acknowledges the write. */
  private Effect<E, S> persist(Step<E> s) {
    if (s.step() < s.steps().size() - 1) {
      return Effect().persist(s.steps().get(s.step()))
          .thenRun(state -> self.tell(new Step<>(s.write(), s.steps(), s.step() + 1)));
    }
    return Effect().persist(s.steps().get(s.step())).thenRun(state -> {
      stepping = false;
      s.write().replyTo().tell(s.write().token());
    }).thenUnstashAll();
  }

  @Override
  public EventHandler<S, E> eventHandler() {
    return format::apply;
  }

  @Override
  public boolean shouldSnapshot(S state, E event, long sequenceNr) {
    return format.snapshotAfter(event);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(eventsPerSnapshot, KEEP_SNAPSHOTS).withDeleteEventsOnSnapshot();
  }

  @Override
  public SnapshotAdapter<S> snapshotAdapter() {
    SnapshotAdapter<S> adapter = format.snapshotAdapter();
    return adapter == null ? super.snapshotAdapter() : adapter;
  }

  @Override
  public SignalHandler<S> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), recovered::accept)
        .build();
  }
}
