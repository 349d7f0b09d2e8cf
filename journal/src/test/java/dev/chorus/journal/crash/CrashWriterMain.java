package dev.chorus.journal.crash;

import com.typesafe.config.ConfigFactory;
import dev.chorus.core.ChorusConfig;
import dev.chorus.core.ChorusSerializable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * A child JVM for the crash test: N persistent writers persist events 1, 2, 3, ... as fast as the
 * journal acknowledges them, printing {@code ack <pid> <seq>} after each acknowledgement and
 * {@code recovered <pid> <highest> <contiguous>} after recovery. The test kills it with SIGKILL.
 */
public final class CrashWriterMain {
  private CrashWriterMain() {}

  sealed interface Command extends ChorusSerializable {}

  enum Next implements Command { INSTANCE }

  record Written(long seq) implements ChorusSerializable {}

  record State(long last, boolean contiguous) implements ChorusSerializable {}

  static final class Writer extends EventSourcedBehavior<Command, Written, State> {
    private final String id;
    private final org.apache.pekko.actor.typed.ActorRef<Command> self;

    Writer(String id, org.apache.pekko.actor.typed.ActorRef<Command> self) {
      super(PersistenceId.ofUniqueId(id));
      this.id = id;
      this.self = self;
    }

    @Override
    public State emptyState() {
      return new State(0, true);
    }

    @Override
    public CommandHandler<Command, Written, State> commandHandler() {
      return newCommandHandlerBuilder().forAnyState()
          .onCommand(Next.class, (s, c) -> Effect().persist(new Written(s.last() + 1)).thenRun(after -> {
            System.out.println("ack " + id + " " + after.last());
            System.out.flush();
            self.tell(Next.INSTANCE);
          }))
          .build();
    }

    @Override
    public EventHandler<State, Written> eventHandler() {
      return newEventHandlerBuilder().forAnyState()
          .onEvent(Written.class, (s, e) -> new State(e.seq(), s.contiguous() && e.seq() == s.last() + 1))
          .build();
    }

    @Override
    public SignalHandler<State> signalHandler() {
      return newSignalHandlerBuilder()
          .onSignal(RecoveryCompleted.instance(), s -> {
            System.out.println("recovered " + id + " " + s.last() + " " + s.contiguous());
            System.out.flush();
            self.tell(Next.INSTANCE);
          })
          .onSignal(RecoveryFailed.class, (s, f) -> {
            System.out.println("recovery-failed " + id + " " + f.getFailure());
            System.out.flush();
          })
          .build();
    }
  }

  static Behavior<Command> writer(String id) {
    return Behaviors.setup(ctx -> new Writer(id, ctx.getSelf()));
  }

  /** Arguments: data directory, number of writers. */
  public static void main(String[] args) {
    String dataDir = args[0];
    int writers = Integer.parseInt(args[1]);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(ctx -> {
      for (int i = 0; i < writers; i++) {
        ctx.spawn(writer("w" + i), "w" + i);
      }
      return Behaviors.empty();
    }), "crash", ChorusConfig.withDefaults(ConfigFactory.parseString(
        "pekko.actor.provider = local\npekko.loglevel = WARNING\nchorus.node.data-dir = \"" + dataDir + "\"")));
    system.getWhenTerminated().toCompletableFuture().join();
  }
}
