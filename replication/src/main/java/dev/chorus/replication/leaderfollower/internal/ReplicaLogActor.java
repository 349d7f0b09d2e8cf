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
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * Keeps one replica's durable writes (its log's appends and cuts, and its markers) through Pekko
 * Persistence, apart from the replica's own actor, so that the replica never waits on its own
 * fsync (DESIGN.md "Durable logs"): while one batch is written here, the next builds up there.
 * Batches are handled one at a time, so their acknowledgements come in order.
 *
 * <p>On recovery it hands the replica every write it holds, in order, which is exactly what
 * {@code ReplicaCore.recover} takes. If a write fails, Pekko Persistence stops this actor; the
 * replica watches it and stops too, rather than acknowledge what it cannot keep.
 */
final class ReplicaLogActor extends EventSourcedBehavior<ReplicaLogActor.Command, ReplicaLogActor.Stored,
    ReplicaLogActor.Recovering> {
  sealed interface Command {}

  /** Write {@code writes} atomically (each one {@link ReplicaCodec}'s bytes), then answer {@code lastToken}. */
  record Append(List<byte[]> writes, long lastToken, ActorRef<Long> replyTo) implements Command {
    Append {
      writes = List.copyOf(writes);
    }
  }

  /** One durable write, as the journal holds it. */
  record Stored(byte[] write) implements ChorusSerializable {}

  /** The writes read back during recovery; emptied once they have been handed over. */
  static final class Recovering {
    private final List<byte[]> writes = new ArrayList<>();
    private boolean done;

    Recovering add(byte[] write) {
      if (!done) {
        writes.add(write);
      }
      return this;
    }

    List<byte[]> handOver() {
      done = true;
      List<byte[]> all = List.copyOf(writes);
      writes.clear();
      return all;
    }
  }

  private final ActorRef<ReplicaNode.Command> recovered;

  private ReplicaLogActor(PersistenceId id, ActorRef<ReplicaNode.Command> recovered) {
    super(id);
    this.recovered = recovered;
  }

  /** Hands the recovered writes to {@code recovered}, then takes appends. */
  static Behavior<Command> create(PersistenceId id, ActorRef<ReplicaNode.Command> recovered) {
    return new ReplicaLogActor(id, recovered);
  }

  @Override
  public Recovering emptyState() {
    return new Recovering();
  }

  @Override
  public CommandHandler<Command, Stored, Recovering> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Append.class, (state, a) -> Effect()
            .persist(a.writes().stream().map(Stored::new).toList())
            .thenRun(s -> a.replyTo().tell(a.lastToken())))
        .build();
  }

  @Override
  public EventHandler<Recovering, Stored> eventHandler() {
    return (state, event) -> state.add(event.write());
  }

  @Override
  public SignalHandler<Recovering> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> recovered.tell(new ReplicaNode.Recovered(state.handOver())))
        .build();
  }
}
