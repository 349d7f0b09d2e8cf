package dev.chorus.journal.node;

import com.typesafe.config.ConfigFactory;
import dev.chorus.core.ChorusConfig;
import dev.chorus.core.ChorusNode;
import dev.chorus.core.ChorusSerializable;
import dev.chorus.testkit.control.ControlServer;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * A Chorus node whose persistent actor counts the node's starts through the journal, printing
 * {@code starts <n> <node id> <data dir>} once each start is durable. Arguments: id, cluster port,
 * data directory.
 */
public final class StartCounterNodeMain {
  private StartCounterNodeMain() {}

  enum Start implements ChorusSerializable { INSTANCE }

  record Started(long n) implements ChorusSerializable {}

  static final class StartCounter extends EventSourcedBehavior<Start, Started, Long> {
    private final ChorusNode node;

    StartCounter(ChorusNode node) {
      super(PersistenceId.ofUniqueId("starts-" + node.nodeId()));
      this.node = node;
    }

    @Override
    public Long emptyState() {
      return 0L;
    }

    @Override
    public CommandHandler<Start, Started, Long> commandHandler() {
      return newCommandHandlerBuilder().forAnyState()
          .onCommand(Start.class, (s, c) -> Effect().persist(new Started(s + 1)).thenRun(after -> {
            System.out.println("starts " + after + " " + node.nodeId() + " " + node.dataDir().toAbsolutePath());
            System.out.flush();
          }))
          .build();
    }

    @Override
    public EventHandler<Long, Started> eventHandler() {
      return newEventHandlerBuilder().forAnyState().onEvent(Started.class, (s, e) -> e.n()).build();
    }

    @Override
    public SignalHandler<Long> signalHandler() {
      return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), s -> { }).build();
    }
  }

  public static void main(String[] args) {
    ChorusNode node = ChorusNode.start(ConfigFactory.parseString("""
        chorus.node.id = "%s"
        chorus.node.port = %s
        chorus.node.data-dir = "%s"
        """.formatted(args[0], args[1], args[2])).withFallback(ChorusConfig.application()));
    ControlServer.startIfRequested(node);
    Behavior<Start> counter = new StartCounter(node);
    node.spawn(counter, "start-counter").tell(Start.INSTANCE);
    node.whenTerminated().toCompletableFuture().join();
    System.exit(node.wasDowned() ? ChorusNode.EXIT_STATUS_DOWNED : 0);
  }
}
