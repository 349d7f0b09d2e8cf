package dev.chorus.replication.leaderfollower.internal;

import dev.chorus.core.Bytes;
import dev.chorus.core.UndecodableMessages;
import dev.chorus.core.clock.MonotonicClock;
import dev.chorus.core.clock.NodeClocks;
import dev.chorus.core.feed.Change;
import dev.chorus.core.feed.ParkedPolls;
import dev.chorus.core.host.FrameParts;
import dev.chorus.core.host.HostLifecycle;
import dev.chorus.core.host.Peers;
import dev.chorus.core.host.WritePipeline;
import dev.chorus.core.metrics.ChorusMetrics;
import dev.chorus.replication.leaderfollower.ReplicaRole;
import dev.chorus.replication.leaderfollower.RequestOutcome;
import dev.chorus.replication.leaderfollower.WriteMode;
import dev.chorus.replication.leaderfollower.internal.ReplicaNode.Command;
import dev.chorus.replication.leaderfollower.internal.ReplicaNode.Reply;
import dev.chorus.replication.leaderfollower.protocol.LogRecord;
import dev.chorus.replication.leaderfollower.protocol.ReadResult;
import dev.chorus.replication.leaderfollower.protocol.ReplicaCore;
import dev.chorus.replication.leaderfollower.protocol.ReplicaEffects;
import dev.chorus.replication.leaderfollower.protocol.ReplicaMessage;
import dev.chorus.replication.leaderfollower.protocol.StoreSnapshot;
import dev.chorus.replication.leaderfollower.protocol.Switchover;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * The running replica behind {@link ReplicaNode}: holds the core and the state machine, turns
 * client requests and peer messages into core inputs, and carries out each {@link ReplicaEffects}
 * in the contract's order (start the writes, send, answer, ask for the lease). Runs on the actor
 * only.
 */
final class ReplicaHost implements HostLifecycle.Host<Command, ReplicaNode.Recovered> {
  private record Delayed(long dueNanos, String from, ReplicaMessage message) {}

  private final ReplicaNode.Spec spec;
  private final ActorContext<Command> context;
  private final Peers<Command> peers;
  private final WritePipeline<ReplicaLogActor.Stored> pipeline;
  private final ReplicaLeases leases;
  private final Map<Long, ActorRef<Reply>> clients = new HashMap<>();
  private final ArrayDeque<Delayed> delayed = new ArrayDeque<>();
  private final FrameParts<ReplicaNode.FromPeerPart> parts = new FrameParts<>();
  private final ParkedPolls<Reply> polls = new ParkedPolls<>();
  private final UndecodableMessages undecodable;
  // The node's monotonic clock, which the clock-rate fault may make run fast or slow.
  private final MonotonicClock clock;
  private final long tickNanos;
  private final long delayNanos;
  private ReplicaCore core;
  private StoreMachine machine;
  private long nextRequest;
  private long ticks;
  private long startedAt;
  private boolean compacting;
  private final ReplicaGauges gauges;

  ReplicaHost(ReplicaNode.Spec spec, ActorContext<Command> context, Peers<Command> peers,
      WritePipeline<ReplicaLogActor.Stored> pipeline) {
    this.spec = spec;
    this.context = context;
    this.peers = peers;
    this.pipeline = pipeline;
    this.leases = new ReplicaLeases(spec, context);
    this.tickNanos = spec.settings().tickInterval().toNanos();
    this.delayNanos = spec.settings().followerApplyDelay().toNanos();
    this.gauges = new ReplicaGauges(ChorusMetrics.get(context.getSystem()), spec.store(), spec.nodeId());
    this.clock = NodeClocks.monotonic(context.getSystem());
    this.undecodable = new UndecodableMessages(context.getLog(), "replica " + spec.store() + "/" + spec.nodeId());
  }

  @Override
  public Behavior<Command> start(ReplicaNode.Recovered recovered) {
    start(recovered.writes());
    return ReplicaNode.running(this);
  }

  /** Recovery: the core from its durable writes, the state machine replayed to what it serves. */
  void start(List<byte[]> writes) {
    core = ReplicaCore.recover(spec.nodeId(), spec.replicas(), spec.settings().replication(),
        writes.stream().map(ReplicaCodec::decodeWrite).toList());
    machine = new StoreMachine(spec.machine(), spec.codecs());
    machine.catchUp(core.log(), core.servableOffset(), core.snapshot());
    startedAt = clock.nanoTime();
    peers.register(spec.nodeId());
    spec.replicas().stream().filter(r -> !r.equals(spec.nodeId())).forEach(peers::watch);
    context.getLog().debug("replica {}/{}: recovered at epoch {}, log to {}", spec.store(), spec.nodeId(),
        core.epoch(), core.log().lastOffset());
  }

  // ---- inputs ----

  Behavior<Command> tick() {
    catchUpTicks();
    long now = clock.nanoTime();
    while (!delayed.isEmpty() && delayed.peekFirst().dueNanos() - now <= 0) {
      Delayed d = delayed.pollFirst();
      carryOut(core.receive(d.from(), d.message()));
    }
    gauges.publish(core.status());
    polls.expire(clock.nanoTime(), this::changes);
    return Behaviors.same();
  }

  /**
   * Hands the core every tick due by the monotonic clock that it has not had. The core counts
   * time only in ticks; a JVM paused past its lease gets its timer ticks late or not at all, and
   * must learn that its lease ran out before it serves anything (docs/replication.md, "Leases").
   */
  private void catchUpTicks() {
    long due = (clock.nanoTime() - startedAt) / tickNanos;
    while (ticks < due) {
      ticks++;
      carryOut(core.tick());
    }
  }

  Behavior<Command> write(ReplicaNode.Write w) {
    WriteMode mode = w.mode() == null ? spec.settings().replication().mode() : w.mode();
    long id = ++nextRequest;
    clients.put(id, w.replyTo());
    carryOut(core.write(id, w.command(), mode, w.session()));
    return Behaviors.same();
  }

  /**
   * A change feed's poll: the stable records from its offset (no failover can cut them, in any
   * write mode), at once or when one becomes stable.
   */
  Behavior<Command> pollChanges(ReplicaNode.PollChanges p) {
    catchUpTicks();
    if (p.from() <= core.log().baseOffset()) {
      p.replyTo().tell(new Reply.Compacted(core.log().baseOffset() + 1));
    } else if (p.from() <= feedEnd() || p.waitNanos() <= 0) {
      p.replyTo().tell(changes(p.from(), p.max()));
    } else {
      polls.park(p.from(), p.max(), clock.nanoTime() + p.waitNanos(), p.replyTo()::tell);
    }
    return Behaviors.same();
  }

  private long feedEnd() {
    return Math.min(core.stableOffset(), core.log().lastOffset());
  }

  /** The client writes among the stable records from {@code from}; epoch starts are passed over. */
  private Reply changes(long from, int max) {
    if (from <= core.log().baseOffset()) {
      return new Reply.Compacted(core.log().baseOffset() + 1);
    }
    List<Change<Bytes>> changes = new ArrayList<>();
    long next = from;
    for (LogRecord r : core.log().after(from - 1, max)) {
      if (r.offset() > feedEnd()) {
        break;
      }
      if (!r.isEpochStart()) {
        changes.add(new Change<>(r.offset(), (Bytes) r.operation()));
      }
      next = r.offset() + 1;
    }
    return new Reply.Changes(changes, next);
  }

  Behavior<Command> read(ReplicaNode.Read r) {
    catchUpTicks();
    ReadResult result = r.bound() != null ? core.readBounded(r.bound()) : core.read(r.level(), r.session());
    if (result instanceof ReadResult.Refused no) {
      r.replyTo().tell(new Reply.Refused(no.outcome(), no.detail()));
      return Behaviors.same();
    }
    ReadResult.Served served = (ReadResult.Served) result;
    machine.catchUp(core.log(), core.servableOffset(), core.snapshot());
    if (machine.applied() != served.throughOffset()) {
      r.replyTo().tell(new Reply.Refused(RequestOutcome.UNAVAILABLE, "the state machine is at " + machine.applied()
          + ", not at " + served.throughOffset()));
      return Behaviors.same();
    }
    try {
      r.replyTo().tell(new Reply.Served(machine.query(r.query()), served.throughOffset(), served.position()));
    } catch (RuntimeException e) {
      r.replyTo().tell(new Reply.Rejected("the state machine refused the query: " + e.getMessage()));
    }
    return Behaviors.same();
  }

  Behavior<Command> status(ReplicaNode.GetStatus g) {
    catchUpTicks();
    g.replyTo().tell(core.status());
    return Behaviors.same();
  }

  Behavior<Command> switchover(ReplicaNode.Switchover s) {
    Switchover d = core.switchover(s.target());
    // The hand-over may complete at once, when the target already holds every record.
    carryOut(d.effects());
    s.replyTo().tell(switch (d.outcome()) {
      case STARTED -> new Reply.Started(s.target());
      case NOT_LEADER -> new Reply.Refused(RequestOutcome.NOT_LEADER, d.detail());
      case ALREADY_UNDER_WAY -> new Reply.Refused(RequestOutcome.UNAVAILABLE, d.detail());
      case NOT_A_REPLICA -> new Reply.Rejected(d.detail());
    });
    return Behaviors.same();
  }

  /**
   * A message from another replica. With a follower apply delay (a lab setting), the leader's
   * Replicate messages wait that long first, so that followers visibly lag; the core copes with
   * the reordering that may cause, as with any network's.
   */
  Behavior<Command> fromPeer(ReplicaNode.FromPeer f) {
    Optional<ReplicaMessage> decoded = ReplicaCodec.decodeOrDrop(f.message(), undecodable);
    if (decoded.isEmpty()) {
      return Behaviors.same();
    }
    ReplicaMessage m = decoded.get();
    if (delayNanos > 0 && m instanceof ReplicaMessage.Replicate) {
      delayed.add(new Delayed(clock.nanoTime() + delayNanos, f.from(), m));
    } else {
      carryOut(core.receive(f.from(), m));
    }
    return Behaviors.same();
  }

  /** A part of a message too large for one frame; the message is taken once its last part is in. */
  Behavior<Command> fromPeerPart(ReplicaNode.FromPeerPart p) {
    byte[] whole = parts.add(p);
    return whole == null ? Behaviors.same() : fromPeer(new ReplicaNode.FromPeer(p.store(), p.from(), whole));
  }

  Behavior<Command> persisted(long token) {
    pipeline.acknowledged();
    carryOut(core.persisted(token));
    return Behaviors.same();
  }

  Behavior<Command> leaseResult(ReplicaNode.LeaseResult r) {
    if (r.askedAt() < 0) {
      return Behaviors.same();
    }
    if (r.token() > 0) {
      carryOut(core.leaseGranted(r.token(), r.askedAt()));
    } else if (r.holder() != null) {
      carryOut(core.leaseHeldBy(r.holder()));
    }
    return Behaviors.same();
  }

  Behavior<Command> onListing(Receptionist.Listing listing) {
    peers.onListing(listing);
    return Behaviors.same();
  }

  // ---- effects ----

  private void carryOut(ReplicaEffects effects) {
    logRoleChange();
    for (ReplicaEffects.Write w : effects.writes()) {
      pipeline.add(w.token(), new ReplicaLogActor.Stored(ReplicaCodec.encode(w), w.image() != null));
    }
    pipeline.send();
    for (ReplicaEffects.Send s : effects.sends()) {
      byte[] bytes = ReplicaCodec.encode(s.message());
      if (s.to().equals(spec.nodeId())) {
        context.getSelf().tell(new ReplicaNode.FromPeer(spec.store(), spec.nodeId(), bytes));
      } else if (bytes.length > FrameParts.PART_BYTES) {
        parts.split(bytes, FrameParts.PART_BYTES, (message, part, count, b) -> new ReplicaNode.FromPeerPart(spec.store(),
            spec.nodeId(), message, part, count, b)).forEach(p -> peers.send(s.to(), p));
      } else {
        peers.send(s.to(), new ReplicaNode.FromPeer(spec.store(), spec.nodeId(), bytes));
      }
    }
    effects.replies().forEach(this::answer);
    if (effects.askLease() >= 0) {
      leases.ask(effects.askLease());
    }
    if (effects.releaseLease()) {
      leases.release();
    }
    machine.catchUp(core.log(), core.servableOffset(), core.snapshot());
    polls.wake(feedEnd(), this::changes);
    maybeCompact();
  }

  /**
   * Every {@code snapshot-records} records, the machine's snapshot stands in for the log through
   * it (Raft §7), once the machine is at an offset no failover can cut.
   */
  private void maybeCompact() {
    long at = machine.applied();
    if (compacting || !core.shouldCompact(at, spec.settings().snapshotRecords())) {
      return;
    }
    compacting = true;
    try {
      carryOut(core.compact(new StoreSnapshot(at, core.log().epochAt(at), core.log().epochStarts(), machine.snapshot())));
    } finally {
      compacting = false;
    }
  }

  private ReplicaRole lastRole = ReplicaRole.NONE;
  private long lastEpoch;

  private void logRoleChange() {
    if (core.role() != lastRole || core.epoch() != lastEpoch) {
      context.getLog().info("replica {}/{}: {} in epoch {} (was {} in {}), leader {}, log to {}, tick {}", spec.store(),
          spec.nodeId(), core.role(), core.epoch(), lastRole, lastEpoch, core.leader(), core.log().lastOffset(), ticks);
      lastRole = core.role();
      lastEpoch = core.epoch();
    }
  }

  private void answer(ReplicaEffects.Reply r) {
    ActorRef<Reply> client = clients.remove(r.requestId());
    if (client == null) {
      return;
    }
    if (r.outcome() == RequestOutcome.ACKED && r.offset() > core.log().lastOffset()) {
      // Never expected: an acknowledgement is given only for a record in the log. Refuse to hand
      // out a session token for a prefix this replica does not hold.
      client.tell(new Reply.Refused(RequestOutcome.UNKNOWN, "acknowledged at " + r.offset() + ", past the log's end"));
    } else if (r.outcome() == RequestOutcome.ACKED) {
      client.tell(new Reply.Written(r.offset(), core.position(r.offset())));
    } else {
      client.tell(new Reply.Refused(r.outcome(), r.detail()));
    }
  }

  // ---- stopping ----

  /** The log actor stopped (a failed write): stop too, rather than acknowledge what cannot be kept. */
  @Override
  public Behavior<Command> logStopped() {
    context.getLog().error("replica {}/{}: its log stopped (a write failed); stopping", spec.store(), spec.nodeId());
    return Behaviors.stopped();
  }

  @Override
  public Behavior<Command> stopped() {
    gauges.remove();
    clients.values().forEach(c -> c.tell(new Reply.Refused(RequestOutcome.UNKNOWN, "the replica stopped")));
    clients.clear();
    spec.onStopped().run();
    return Behaviors.same();
  }
}
