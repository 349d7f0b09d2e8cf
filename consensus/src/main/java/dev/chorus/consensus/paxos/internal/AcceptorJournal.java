package dev.chorus.consensus.paxos.internal;

import dev.chorus.consensus.paxos.AcceptorState;
import dev.chorus.consensus.paxos.PaxosEvent;
import dev.chorus.core.ChorusSerializable;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * Keeps one node's acceptor state durable through Pekko Persistence, apart from the protocol
 * actor, so that the protocol keeps working while a write is in flight (docs/architecture.md, "Never wait on
 * your own fsync"). Each {@link Append} is written atomically and acknowledged with its token once
 * the journal confirmed it; appends are handled one at a time, so acknowledgements come in order.
 * On recovery it reports the folded state to {@code recovered}.
 *
 * <p>If a write fails, Pekko Persistence stops this actor; the protocol actor watches it and stops
 * too, rather than answer from state it cannot keep.
 */
final class AcceptorJournal extends EventSourcedBehavior<AcceptorJournal.Command, PaxosEvent, AcceptorState> {
  sealed interface Command extends ChorusSerializable {}

  /** Write {@code events} atomically, then tell {@code replyTo} that {@code token} is durable. */
  record Append(long token, List<PaxosEvent> events, ActorRef<Long> replyTo) implements Command {
    Append {
      events = List.copyOf(events);
    }
  }

  private final ActorRef<AcceptorState> recovered;

  private AcceptorJournal(PersistenceId id, ActorRef<AcceptorState> recovered) {
    super(id);
    this.recovered = recovered;
  }

  static Behavior<Command> create(PersistenceId id, ActorRef<AcceptorState> recovered) {
    return new AcceptorJournal(id, recovered);
  }

  @Override
  public AcceptorState emptyState() {
    return AcceptorState.INITIAL;
  }

  @Override
  public CommandHandler<Command, PaxosEvent, AcceptorState> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Append.class, (state, a) -> Effect().persist(a.events())
            .thenRun(s -> a.replyTo().tell(a.token())))
        .build();
  }

  @Override
  public EventHandler<AcceptorState, PaxosEvent> eventHandler() {
    return (state, event) -> state.apply(event);
  }

  @Override
  public SignalHandler<AcceptorState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), recovered::tell)
        .build();
  }
}
