package dev.chorus.journal.plugin;

import dev.chorus.core.ChorusSerializable;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * A persistent counter for journal tests. Each Add persists one event; AddUnserializable persists
 * an event that has no serializer. Recovery outcomes are reported to {@code recovery}.
 */
final class Counter extends EventSourcedBehavior<Counter.Command, Counter.Event, Counter.State> {
  sealed interface Command extends ChorusSerializable {}

  record Add(long amount, ActorRef<Done> replyTo) implements Command {}

  /** Persists every amount as its own event, in one atomic write. */
  record AddAll(java.util.List<Long> amounts, ActorRef<Done> replyTo) implements Command {}

  record AddUnserializable(ActorRef<Done> replyTo) implements Command {}

  record Get(ActorRef<State> replyTo) implements Command {}

  /** Persists one event and answers with the name of the thread its acknowledgement ran on. */
  record AddWhere(ActorRef<String> replyTo) implements Command {}

  interface Event {}

  record Added(long amount) implements Event, ChorusSerializable {}

  /** Not ChorusSerializable, and Java serialization is off: it cannot be written. */
  record Opaque(long amount) implements Event {}

  record State(long total, long events) implements ChorusSerializable {
    State apply(long amount) {
      return new State(total + amount, events + 1);
    }
  }

  /** What recovery ended with: the state, or the failure's message. */
  record Recovered(State state, String failure) {}

  private final ActorRef<Recovered> recovery;

  private Counter(String id, ActorRef<Recovered> recovery) {
    super(PersistenceId.ofUniqueId(id));
    this.recovery = recovery;
  }

  static Behavior<Command> create(String id, ActorRef<Recovered> recovery) {
    return new Counter(id, recovery);
  }

  @Override
  public State emptyState() {
    return new State(0, 0);
  }

  @Override
  public CommandHandler<Command, Event, State> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Add.class, (s, c) -> Effect().persist(new Added(c.amount())).thenReply(c.replyTo(), x -> Done.getInstance()))
        .onCommand(AddAll.class, (s, c) -> Effect().persist(c.amounts().stream().map(a -> (Event) new Added(a)).toList())
            .thenReply(c.replyTo(), x -> Done.getInstance()))
        .onCommand(AddUnserializable.class, (s, c) -> Effect().persist(new Opaque(1)).thenReply(c.replyTo(), x -> Done.getInstance()))
        .onCommand(AddWhere.class, (s, c) -> Effect().persist(new Added(1))
            .thenReply(c.replyTo(), x -> Thread.currentThread().getName()))
        .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), s))
        .build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(Added.class, (s, e) -> s.apply(e.amount()))
        .onEvent(Opaque.class, (s, e) -> s.apply(e.amount()))
        .build();
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), s -> recovery.tell(new Recovered(s, null)))
        .onSignal(RecoveryFailed.class, (s, f) -> recovery.tell(new Recovered(null, String.valueOf(f.getFailure()))))
        .build();
  }
}
