package dev.chorus.core.host;

import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.persistence.typed.PersistenceId;

/**
 * The life of a protocol host actor, the same for every protocol: it starts its {@link LogActor}
 * as a watched child; until the log is recovered it answers nothing (everything is stashed); once
 * recovered it starts its core, its tick source (a fixed-rate timer) and runs; it stops when asked,
 * or when its log stops (a failed write: better to stop than to acknowledge what cannot be kept),
 * and tells its clients on the way out.
 */
public final class HostLifecycle {
  private HostLifecycle() {}

  /** A protocol's host: what it does once recovered, when its log fails and when it stops. Runs on the host's actor. */
  public interface Host<C, R> {
    /** Starts the core from {@code recovered} and returns the running behavior (begun with {@link #running}). */
    Behavior<C> start(R recovered);

    /** The log actor stopped (a failed write): log it, and return the behavior to stop with. */
    Behavior<C> logStopped();

    /** The host stopped: answer pending clients, release what it holds. */
    Behavior<C> stopped();
  }

  /** Makes a protocol's host from the stack's pieces. */
  @FunctionalInterface
  public interface HostFactory<C, E, R> {
    /** The host on {@code context}, talking to its peers through {@code peers}, writing through {@code pipeline}. */
    Host<C, R> create(ActorContext<C> context, Peers<C> peers, WritePipeline<E> pipeline);
  }

  private static final int STASH_CAPACITY = 10_000;

  /**
   * A protocol host actor as {@code spec} describes it: the log actor as a watched child, the
   * peers, the write pipeline and the host {@code hosts} makes from them; it recovers, then ticks.
   */
  public static <C, E, S, R extends C> Behavior<C> create(HostSpec<C, E, S, R> spec, HostFactory<C, E, R> hosts) {
    return Behaviors.setup(context -> Behaviors.withStash(STASH_CAPACITY, stash -> Behaviors.withTimers(timers -> {
      ActorRef<C> self = context.getSelf();
      ActorRef<LogActor.Command> log = startLog(context, spec.id(), spec.format(), spec.eventsPerSnapshot(),
          state -> self.tell(spec.recovered().apply(state)), spec.dispatcherKey());
      Peers<C> peers = new Peers<>(context, spec.type(), spec.peerInstance(),
          context.messageAdapter(Receptionist.Listing.class, spec.listed()::apply));
      WritePipeline<E> pipeline = new WritePipeline<>(log,
          context.messageAdapter(Long.class, token -> spec.persisted().apply(token)), spec.format()::bytes);
      Host<C, R> host = hosts.create(context, peers, pipeline);
      return recovering(spec, stash, host, timers);
    })));
  }

  private static <E, S> ActorRef<LogActor.Command> startLog(ActorContext<?> context, PersistenceId id,
      LogFormat<E, S> format, int eventsPerSnapshot, Consumer<S> recovered, String dispatcherKey) {
    Behavior<LogActor.Command> log = LogActor.create(id, format, eventsPerSnapshot, recovered);
    ActorRef<LogActor.Command> ref = dispatcherKey == null ? context.spawn(log, "log")
        : context.spawn(log, "log",
            DispatcherSelector.fromConfig(context.getSystem().settings().config().getString(dispatcherKey)));
    context.watch(ref);
    return ref;
  }

  /**
   * Until the recovered message comes, everything but stop waits in {@code stash}; then the host
   * starts and returns its running behavior, the tick source starts, and what waited is handled.
   */
  private static <C, E, S, R extends C> Behavior<C> recovering(HostSpec<C, E, S, R> spec, StashBuffer<C> stash,
      Host<C, R> host, TimerScheduler<C> timers) {
    return Behaviors.receive(spec.type())
        .onMessage(spec.recoveredType(), r -> {
          Behavior<C> running = host.start(r);
          timers.startTimerAtFixedRate(spec.tick(), spec.tickInterval());
          return stash.unstashAll(running);
        })
        .onMessageEquals(spec.stop(), Behaviors::stopped)
        .onSignal(Terminated.class, t -> host.logStopped())
        .onSignal(PostStop.class, s -> host.stopped())
        .onAnyMessage(m -> {
          stash.stash(m);
          return Behaviors.same();
        })
        .build();
  }

  /** A running host's behavior, begun: it stops on {@code stop} and when its log stops. Add the rest. */
  public static <C> BehaviorBuilder<C> running(Class<C> type, Host<C, ?> host, C stop) {
    return Behaviors.receive(type)
        .onMessageEquals(stop, Behaviors::stopped)
        .onSignal(Terminated.class, t -> host.logStopped())
        .onSignal(PostStop.class, s -> host.stopped());
  }
}
