package dev.chorus.benchmarks.journal;

import dev.chorus.core.ChorusSerializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/** A persistent actor that persists fixed-size events on request and counts them. */
final class BenchWriter extends EventSourcedBehavior<BenchWriter.Command, BenchWriter.Written, Long> {
  /** Commands are local only (they carry latches), so they need no serializer. */
  sealed interface Command {}

  /** Persist {@code count} events in one atomic write, then count down {@code done}. */
  record Persist(int count, CountDownLatch done) implements Command {}

  /**
   * Persist {@code remaining} events one after another, each only after the previous one is
   * acknowledged, then count down {@code done}: the sequential persist loop, with no thread
   * outside the actor system in it.
   */
  record PersistSequentially(int remaining, CountDownLatch done) implements Command {}

  /** Stop this incarnation. */
  enum Stop implements Command { INSTANCE }

  record Written(byte[] payload) implements ChorusSerializable {}

  static final byte[] PAYLOAD = new byte[128];

  private final CountDownLatch recovered;
  private final ActorRef<Command> self;

  private BenchWriter(String id, CountDownLatch recovered, ActorRef<Command> self) {
    super(PersistenceId.ofUniqueId(id));
    this.recovered = recovered;
    this.self = self;
  }

  static Behavior<Command> create(String id, CountDownLatch recovered) {
    return Behaviors.setup(ctx -> new BenchWriter(id, recovered, ctx.getSelf()));
  }

  @Override
  public Long emptyState() {
    return 0L;
  }

  @Override
  public CommandHandler<Command, Written, Long> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Persist.class, (s, c) -> {
          List<Written> events = new ArrayList<>(c.count());
          for (int i = 0; i < c.count(); i++) {
            events.add(new Written(PAYLOAD));
          }
          return Effect().persist(events).thenRun(x -> c.done().countDown());
        })
        .onCommand(PersistSequentially.class, (s, c) -> Effect().persist(new Written(PAYLOAD)).thenRun(x -> {
          if (c.remaining() > 1) {
            self.tell(new PersistSequentially(c.remaining() - 1, c.done()));
          } else {
            c.done().countDown();
          }
        }))
        .onCommand(Stop.class, (s, c) -> Effect().stop())
        .build();
  }

  @Override
  public EventHandler<Long, Written> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onEvent(Written.class, (s, e) -> s + 1).build();
  }

  @Override
  public SignalHandler<Long> signalHandler() {
    return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), s -> recovered.countDown()).build();
  }
}
