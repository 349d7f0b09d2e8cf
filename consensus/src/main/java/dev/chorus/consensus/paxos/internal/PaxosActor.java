package dev.chorus.consensus.paxos.internal;

import dev.chorus.consensus.paxos.AcceptorState;
import dev.chorus.consensus.paxos.PaxosCore;
import dev.chorus.consensus.paxos.PaxosEvent;
import dev.chorus.consensus.paxos.PaxosMessage;
import dev.chorus.consensus.paxos.PaxosSettings;
import dev.chorus.consensus.paxos.Ready;
import dev.chorus.core.ChorusSerializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;

/**
 * One node of a single-decree Paxos group (a write-once register), as a thin typed actor around
 * {@link PaxosCore}: it turns timer ticks into {@link PaxosCore#tick()}, keeps the acceptor state
 * durable through an {@link AcceptorJournal} child, sends the core's messages to the other members
 * found through the Receptionist, and answers clients. The core decides; this actor does.
 *
 * <p>Each member registers under {@link #serviceKey(String, String)}, one key per group and node
 * id, so that the core's node ids map to actor refs on any node of the cluster. A message for a
 * member not (yet) listed is dropped; Paxos retries.
 *
 * <p>Clients send {@link Propose} or {@link Read} to any member. A request that cannot be decided
 * within {@link PaxosSettings#requestTimeoutTicks()} ticks gets an error reply: for a proposal the
 * outcome is then unknown (its value may still be chosen), so retry it or read.
 *
 * <p>The persistence id is {@code chorus-paxos|<group>/<nodeId>}: a node restarted with the same
 * group and id recovers its promises and acceptances.
 */
public final class PaxosActor {
  /** The actor's protocol. */
  public sealed interface Command extends ChorusSerializable {}

  /**
   * Proposes {@code value}. The reply is the chosen value: this one, or another that was chosen
   * first; or an error if no decision was reached in time (outcome unknown).
   */
  public record Propose(String value, ActorRef<StatusReply<String>> replyTo) implements Command {
    /** Requires both. */
    public Propose {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  /**
   * Reads the register, linearizably: the chosen value, or empty if nothing was chosen when the
   * read arrived; or an error if no majority answered in time.
   */
  public record Read(ActorRef<StatusReply<ReadResult>> replyTo) implements Command {
    /** Requires a reply address. */
    public Read {
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  /** What a read found: the chosen value, or empty when nothing was chosen yet. */
  public record ReadResult(Optional<String> chosen) implements ChorusSerializable {
    /** Requires an explicit empty. */
    public ReadResult {
      Objects.requireNonNull(chosen, "chosen");
    }
  }

  /** A Paxos message from the member {@code from}. Crosses nodes. */
  record FromPeer(String from, PaxosMessage message) implements Command {}

  /**
   * What {@link PaxosWireSerializer} delivers in place of a message it could not decode, already
   * logged (once per type): dropped here, as a lost message Paxos copes with.
   */
  enum Undecodable implements Command { INSTANCE }

  private enum Tick implements Command { INSTANCE }

  private record Recovered(AcceptorState state) implements Command {}

  private record Persisted(long token) implements Command {}

  private record PeersListed(Receptionist.Listing listing) implements Command {}

  private sealed interface Pending {}

  private record PendingPropose(ActorRef<StatusReply<String>> replyTo) implements Pending {}

  private record PendingRead(ActorRef<StatusReply<ReadResult>> replyTo) implements Pending {}

  private static final int STASH_CAPACITY = 10_000;

  /** The key a member of {@code group} with id {@code nodeId} registers under. */
  public static ServiceKey<Command> serviceKey(String group, String nodeId) {
    return ServiceKey.create(Command.class, "chorus-paxos/" + group + "/" + nodeId);
  }

  /** The persistence id of {@code nodeId}'s acceptor state in {@code group}. */
  public static PersistenceId persistenceId(String group, String nodeId) {
    return PersistenceId.of("chorus-paxos", group + "/" + nodeId);
  }

  /**
   * A member of {@code group}.
   *
   * @param group the group's name: one write-once register
   * @param nodeId this member's id, stable across restarts
   * @param members every member's id, this one included; the same on every member
   * @param settings the core's timeouts, in ticks
   * @param tickInterval how often the core ticks
   * @param random the randomness of the retry backoff
   */
  public static Behavior<Command> create(String group, String nodeId, Set<String> members,
      PaxosSettings settings, Duration tickInterval, Random random) {
    Set<String> sorted = new TreeSet<>(members);
    if (!sorted.contains(nodeId)) {
      throw new IllegalArgumentException(nodeId + " is not among the members " + sorted);
    }
    return Behaviors.setup(context -> Behaviors.withStash(STASH_CAPACITY, stash -> Behaviors.withTimers(timers -> {
      ActorRef<AcceptorState> recovered = context.messageAdapter(AcceptorState.class, Recovered::new);
      ActorRef<AcceptorJournal.Command> journal =
          context.spawn(AcceptorJournal.create(persistenceId(group, nodeId), recovered), "acceptor-journal");
      context.watch(journal);
      return recovering(new Host(context, timers, group, nodeId, sorted, settings, tickInterval, random, journal), stash);
    })));
  }

  /** A member with randomness seeded from the clock: fine outside tests, where no run is replayed. */
  public static Behavior<Command> create(String group, String nodeId, Set<String> members,
      PaxosSettings settings, Duration tickInterval) {
    return create(group, nodeId, members, settings, tickInterval, new Random());
  }

  /** Until the acceptor state is recovered, nothing may be answered: everything waits. */
  private static Behavior<Command> recovering(Host host, StashBuffer<Command> stash) {
    return Behaviors.receive(Command.class)
        .onMessage(Recovered.class, r -> stash.unstashAll(host.start(r.state())))
        .onSignal(Terminated.class, t -> host.journalStopped())
        .onAnyMessage(m -> {
          stash.stash(m);
          return Behaviors.same();
        })
        .build();
  }

  /** The running member: holds the core and carries out its {@link Ready}s. */
  private static final class Host {
    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final String group;
    private final String nodeId;
    private final Set<String> members;
    private final PaxosSettings settings;
    private final Duration tickInterval;
    private final Random random;
    private final ActorRef<AcceptorJournal.Command> journal;
    private final ActorRef<Long> persisted;
    private final Map<String, ActorRef<Command>> peers = new HashMap<>();
    private final Map<Long, Pending> pending = new HashMap<>();
    private PaxosCore core;
    private long nextRequestId;

    Host(ActorContext<Command> context, TimerScheduler<Command> timers, String group, String nodeId,
        Set<String> members, PaxosSettings settings, Duration tickInterval, Random random,
        ActorRef<AcceptorJournal.Command> journal) {
      this.context = context;
      this.timers = timers;
      this.group = group;
      this.nodeId = nodeId;
      this.members = members;
      this.settings = settings;
      this.tickInterval = tickInterval;
      this.random = random;
      this.journal = journal;
      this.persisted = context.messageAdapter(Long.class, Persisted::new);
    }

    Behavior<Command> start(AcceptorState recovered) {
      core = PaxosCore.recover(nodeId, members, settings, random, recovered);
      ActorRef<Receptionist.Listing> listings = context.messageAdapter(Receptionist.Listing.class, PeersListed::new);
      ActorRef<Receptionist.Command> receptionist = context.getSystem().receptionist();
      receptionist.tell(Receptionist.register(serviceKey(group, nodeId), context.getSelf()));
      for (String member : members) {
        if (!member.equals(nodeId)) {
          receptionist.tell(Receptionist.subscribe(serviceKey(group, member), listings));
        }
      }
      timers.startTimerAtFixedRate(Tick.INSTANCE, tickInterval);
      return running();
    }

    private Behavior<Command> running() {
      return Behaviors.receive(Command.class)
          .onMessage(Propose.class, p -> carryOut(core.propose(request(new PendingPropose(p.replyTo())), p.value())))
          .onMessage(Read.class, r -> carryOut(core.read(request(new PendingRead(r.replyTo())))))
          .onMessage(FromPeer.class, f -> carryOut(core.receive(f.from(), f.message())))
          .onMessageEquals(Undecodable.INSTANCE, Behaviors::same)
          .onMessage(Persisted.class, p -> carryOut(core.persisted(p.token())))
          .onMessageEquals(Tick.INSTANCE, () -> carryOut(core.tick()))
          .onMessage(PeersListed.class, this::onListing)
          .onSignal(Terminated.class, t -> journalStopped())
          .build();
    }

    private long request(Pending p) {
      long id = ++nextRequestId;
      pending.put(id, p);
      return id;
    }

    /** The contract's order: start the writes, send, answer. */
    private Behavior<Command> carryOut(Ready ready) {
      if (!ready.writes().isEmpty()) {
        List<PaxosEvent> events = new ArrayList<>();
        ready.writes().forEach(w -> events.add(w.event()));
        long last = ready.writes().get(ready.writes().size() - 1).token();
        journal.tell(new AcceptorJournal.Append(last, events, persisted));
      }
      for (Ready.Outbound out : ready.messages()) {
        ActorRef<Command> peer = peers.get(out.to());
        if (peer != null) {
          peer.tell(new FromPeer(nodeId, out.message()));
        } else {
          context.getLog().debug("paxos {}: no ref for {} yet, dropping {}", group, out.to(), out.message());
        }
      }
      ready.answers().forEach(this::answer);
      return Behaviors.same();
    }

    private void answer(Ready.Answer answer) {
      Pending p = pending.remove(answer.requestId());
      if (p instanceof PendingPropose propose) {
        propose.replyTo().tell(answer instanceof Ready.Decided d ? StatusReply.success(d.value())
            : StatusReply.error(reason(answer)));
      } else if (p instanceof PendingRead read) {
        read.replyTo().tell(answer instanceof Ready.Decided d ? StatusReply.success(new ReadResult(Optional.of(d.value())))
            : answer instanceof Ready.Undecided ? StatusReply.success(new ReadResult(Optional.empty()))
            : StatusReply.error(reason(answer)));
      }
    }

    private static String reason(Ready.Answer answer) {
      return answer instanceof Ready.Unavailable u ? u.reason() : answer.toString();
    }

    private Behavior<Command> onListing(PeersListed l) {
      for (String member : members) {
        if (l.listing().isForKey(serviceKey(group, member))) {
          ServiceKey<Command> key = serviceKey(group, member);
          Set<ActorRef<Command>> reachable = l.listing().getServiceInstances(key);
          // At most one live member per id; while an old incarnation lingers, take any. A reachable
          // one first, else any: the failure detector's suspicion may be stale (consensus Peers).
          Set<ActorRef<Command>> refs = reachable.isEmpty() ? l.listing().getAllServiceInstances(key) : reachable;
          refs.stream().findFirst().ifPresentOrElse(ref -> peers.put(member, ref), () -> peers.remove(member));
        }
      }
      return Behaviors.same();
    }

    Behavior<Command> journalStopped() {
      context.getLog().error("paxos {}: the acceptor journal of {} stopped; stopping rather than answer "
          + "from state that cannot be kept durable", group, nodeId);
      return Behaviors.stopped();
    }
  }
}
