package dev.chorus.consensus.internal;

import dev.chorus.consensus.Membership;
import dev.chorus.consensus.MembershipChange;
import dev.chorus.consensus.MembershipChangeRejected;
import dev.chorus.consensus.RaftMetrics;
import dev.chorus.consensus.ReadPath;
import dev.chorus.consensus.Role;
import dev.chorus.consensus.internal.RaftNode.ChangeMembership;
import dev.chorus.consensus.internal.RaftNode.Command;
import dev.chorus.consensus.internal.RaftNode.FromPeer;
import dev.chorus.consensus.internal.RaftNode.GetMetrics;
import dev.chorus.consensus.internal.RaftNode.LocalPollChanges;
import dev.chorus.consensus.internal.RaftNode.LocalQuery;
import dev.chorus.consensus.internal.RaftNode.Query;
import dev.chorus.consensus.internal.RaftNode.Response;
import dev.chorus.consensus.internal.RaftNode.TransferLeadership;
import dev.chorus.consensus.raft.Entry;
import dev.chorus.consensus.raft.Proposal;
import dev.chorus.consensus.raft.Transfer;
import dev.chorus.consensus.raft.RaftCore;
import dev.chorus.consensus.raft.RaftMessage;
import dev.chorus.consensus.raft.ReadStart;
import dev.chorus.consensus.raft.ReadState;
import dev.chorus.consensus.raft.Ready;
import dev.chorus.core.Bytes;
import dev.chorus.core.clock.MonotonicClock;
import dev.chorus.core.feed.Change;
import dev.chorus.core.feed.ParkedPolls;
import dev.chorus.core.host.HostLifecycle;
import dev.chorus.core.host.Peers;
import dev.chorus.core.host.WritePipeline;
import dev.chorus.core.metrics.MetricsRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.slf4j.Logger;

/**
 * The running member behind {@link RaftNode}: holds the core and the state machine, turns client
 * requests into core inputs, and carries out each {@link Ready} in the contract's order (start
 * the writes, send, restore, apply, serve reads), as etcd-raft's hosts do. Runs on the actor only.
 */
final class RaftHost implements HostLifecycle.Host<Command, RaftNode.Recovered> {
  private final RaftNode.Spec spec;
  private final String group;
  private final String self;
  private final Logger log;
  private final Peers<Command> peers;
  private final WritePipeline<WireEvent> pipeline;
  private final Requests requests = new Requests();
  private final FollowerMatches matches = new FollowerMatches();
  private final ParkedPolls<Response> polls = new ParkedPolls<>();
  private final RaftGauges gauges;
  private final int timeoutTicks;
  private ReplicatedMachine<?, ?, ?> machine;
  private RaftCore core;
  private final long tickNanos;
  private final MonotonicClock clock;
  private long ticks;
  private long startedAt;

  RaftHost(RaftNode.Spec spec, Logger log, Peers<Command> peers, WritePipeline<WireEvent> pipeline, MetricsRegistry metrics,
      MonotonicClock clock) {
    this.clock = clock;
    this.spec = spec;
    this.gauges = new RaftGauges(metrics, spec.group(), spec.nodeId());
    this.group = spec.group();
    this.self = spec.nodeId();
    this.log = log;
    this.peers = peers;
    this.pipeline = pipeline;
    this.timeoutTicks = spec.settings().requestTimeoutTicks();
    this.tickNanos = spec.settings().tickInterval().toNanos();
  }

  @Override
  public Behavior<Command> start(RaftNode.Recovered recovered) {
    start(recovered.state());
    return RaftNode.running(this);
  }

  /** Recovery (§5.2 Figure 2, §7): the core from storage, the state machine from its snapshot. */
  void start(LogState durable) {
    core = RaftCore.recover(self, spec.bootstrapVoters(), spec.settings().raft(), spec.random(), durable.toRaftEvents());
    machine = spec.machine().get();
    if (core.snapshot() != null) {
      machine.restore(core.snapshot().data());
    }
    startedAt = monotonicNanos();
    peers.register(self);
    core.membership().members().forEach(peers::watch);
    spec.bootstrapVoters().forEach(peers::watch);
    log.debug("raft {}: {} recovered at term {}, log to {}, snapshot {}", group, self, core.term(), core.lastIndex(),
        core.snapshot() == null ? "none" : core.snapshot().index());
  }

  // The node's monotonic clock, which the clock-rate fault may make run fast or slow.
  private long monotonicNanos() {
    return clock.nanoTime();
  }

  // ---- inputs ----

  Behavior<Command> tick() {
    catchUp();
    gauges.publish(snapshot());
    return Behaviors.same();
  }

  // The core counts time in ticks, and a lease (thesis §6.4.1) is a count of them. A timer's ticks
  // stop while the process is paused (SIGSTOP, a long GC pause) and are not all delivered at
  // once on resume: a leader that counted only delivered ticks would believe its lease still
  // held after a pause longer than the election timeout, and serve a stale read. So the ticks due
  // are read off the monotonic clock, and every missed one reaches the core before a read is
  // served. Only the actor reads the clock; the core stays deterministic.
  private void catchUp() {
    long due = (monotonicNanos() - startedAt) / tickNanos;
    if (ticks >= due) {
      return; // deadlines are counted in ticks: none can have passed since the last tick
    }
    while (ticks < due) {
      ticks++;
      carryOut(core.tick());
    }
    requests.expire(ticks);
    polls.expire(monotonicNanos(), this::changes);
  }

  Behavior<Command> fromPeer(FromPeer f) {
    if (!f.group().equals(group)) {
      log.warn("raft {}: dropping a message for group {} from {}", group, f.group(), f.from());
      return Behaviors.same();
    }
    RaftMessage m = f.message().toRaft();
    carryOut(core.receive(f.from(), m));
    matches.observe(core, f.from(), m);
    return Behaviors.same();
  }

  Behavior<Command> persisted(long token) {
    pipeline.acknowledged();
    carryOut(core.persisted(token));
    return Behaviors.same();
  }

  Behavior<Command> onListing(Receptionist.Listing listing) {
    peers.onListing(listing);
    return Behaviors.same();
  }

  Behavior<Command> submit(Bytes command, Consumer<Response> replyTo) {
    // Thesis §6.3: the leader stamps each command with its own time as it appends it.
    Proposal p = core.role() != Role.LEADER ? new Proposal.NotLeader(core.leaderHint())
        : core.propose(machine.stamp(command, core.term(), monotonicNanos() / 1_000_000));
    if (p instanceof Proposal.Appended a) {
      requests.proposed(a.index(), a.term(), replyTo, deadline());
      carryOut(a.ready());
    } else {
      replyTo.accept(notLeader());
    }
    return Behaviors.same();
  }

  /** Thesis §6.4: ReadIndex and leases on the leader only; follower reads anywhere; stale reads now. */
  Behavior<Command> query(Query q) {
    return read(q.consistency(), q.replyTo()::tell, () -> serve(q.query()));
  }

  /** As {@link #query(Query)}, for this node's own client: objects in, objects out. */
  Behavior<Command> query(LocalQuery q) {
    return read(q.consistency(), q.reply(), () -> serveLocal(q.query()));
  }

  private Behavior<Command> read(ReadPath consistency, Consumer<Response> replyTo, Supplier<Response> answer) {
    catchUp();
    long id = requests.nextReadId();
    ReadStart start = core.startRead(id, consistency);
    if (start instanceof ReadStart.ServeNow) {
      replyTo.accept(answer.get());
    } else if (start instanceof ReadStart.Started started) {
      requests.read(id, answer, replyTo, deadline());
      carryOut(started.ready());
    } else {
      replyTo.accept(notLeader());
    }
    return Behaviors.same();
  }

  /** A change feed's poll: the applied commands from its offset, at once or when one is applied. */
  Behavior<Command> pollChanges(LocalPollChanges p) {
    catchUp();
    if (p.from() < core.firstHeldIndex()) {
      p.reply().accept(new Response.Compacted(core.firstHeldIndex()));
    } else if (p.from() <= core.appliedIndex() || p.waitNanos() <= 0) {
      p.reply().accept(changes(p.from(), p.max()));
    } else {
      polls.park(p.from(), p.max(), monotonicNanos() + p.waitNanos(), p.reply());
    }
    return Behaviors.same();
  }

  /** The commands among the applied entries from {@code from}; no-ops and configurations are passed over. */
  private Response changes(long from, int max) {
    if (from < core.firstHeldIndex()) {
      return new Response.Compacted(core.firstHeldIndex());
    }
    List<Entry> entries = core.appliedFrom(from, max);
    List<Change<Bytes>> changes = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      if (e.command() instanceof Bytes command) {
        changes.add(new Change<>(e.index(), command));
      }
    }
    return new Response.Changes(changes, entries.isEmpty() ? from : entries.get(entries.size() - 1).index() + 1);
  }

  Behavior<Command> transfer(TransferLeadership t) {
    Transfer transfer = core.transferLeadership(t.target());
    switch (transfer.outcome()) {
      case NOT_LEADER -> t.replyTo().tell(notLeader());
      case ALREADY_LEADS -> t.replyTo().tell(new Response.Ok(Bytes.empty()));
      case NOT_A_VOTER -> t.replyTo().tell(new Response.Rejected(t.target() + " is not another voter of " + group));
      default -> {
        requests.transferring(t.target(), core.term(), t.replyTo()::tell, deadline());
        carryOut(transfer.ready());
      }
    }
    return Behaviors.same();
  }

  Behavior<Command> changeMembership(ChangeMembership c) {
    Proposal p;
    try {
      p = core.changeMembership(new MembershipChange(c.kind(), c.node()));
    } catch (MembershipChangeRejected e) {
      c.replyTo().tell(new Response.Rejected(e.getMessage()));
      return Behaviors.same();
    }
    if (p instanceof Proposal.Appended a) {
      peers.watch(c.node());
      requests.proposed(a.index(), a.term(), c.replyTo()::tell, deadline());
      carryOut(a.ready());
    } else {
      c.replyTo().tell(notLeader());
    }
    return Behaviors.same();
  }

  Behavior<Command> metrics(GetMetrics g) {
    g.replyTo().tell(snapshot());
    return Behaviors.same();
  }

  private RaftMetrics snapshot() {
    Membership m = core.membership();
    return new RaftMetrics(group, self, core.term(), core.role(), Optional.ofNullable(core.leader()),
        core.commitIndex(), core.appliedIndex(), core.lastIndex(), m.voters(), m.learners(), matches.view(core));
  }

  @Override
  public Behavior<Command> logStopped() {
    log.error("raft {}: the log of {} stopped; stopping rather than acknowledge what cannot be kept durable",
        group, self);
    return Behaviors.stopped();
  }

  @Override
  public Behavior<Command> stopped() {
    requests.stopped();
    gauges.remove();
    spec.onStopped().run();
    return Behaviors.same();
  }

  // ---- carrying out a Ready ----

  private void carryOut(Ready ready) {
    logRoleChange();
    for (Ready.Write w : ready.writes()) {
      pipeline.add(w.token(), WireEvent.of(w.event()));
    }
    pipeline.send();
    for (Ready.Outbound out : ready.messages()) {
      send(out.to(), new FromPeer(group, self, WireMessage.of(out.message())));
    }
    ready.restore().ifPresent(s -> machine.restore(s.data()));
    for (Entry e : ready.committed()) {
      requests.applied(e.index(), e.term(), apply(e), this::overwritten);
    }
    if (!ready.committed().isEmpty()) {
      polls.wake(core.appliedIndex(), this::changes);
    }
    if (!ready.committed().isEmpty() && core.shouldSnapshot()) {
      // §7: the state machine as of the applied index replaces the log up to there.
      carryOut(core.snapshotTaken(core.appliedIndex(), machine.snapshot()));
    }
    for (ReadState r : ready.reads()) {
      requests.readReady(r.readId());
    }
    for (long id : ready.failedReads()) {
      requests.readFailed(id, notLeader());
    }
    if (core.leader() != null) {
      requests.leaderIs(core.leader(), core.term());
    }
  }

  private void send(String to, FromPeer message) {
    if (!peers.send(to, message)) {
      log.debug("raft {}: {} not found yet, dropping {}", group, to, message);
    }
  }

  private Role loggedRole;
  private long loggedTerm = -1;

  /**
   * A new role or term, once each: what an operator (or a failed test's report) reads first. A
   * pre-vote (thesis §9.6) counts as following: in a minority it is retried every election
   * timeout, and would fill the log.
   */
  private void logRoleChange() {
    Role role = core.role() == Role.PRE_CANDIDATE ? Role.FOLLOWER : core.role();
    if (role != loggedRole || core.term() != loggedTerm) {
      loggedRole = role;
      loggedTerm = core.term();
      log.info("raft {}: {} {} in term {}, leader {}, log to {}", group, self, loggedRole, loggedTerm, core.leader(),
          core.lastIndex());
    }
  }

  /** Applies a committed entry: commands go to the state machine; no-ops and configurations do not. */
  private Response apply(Entry e) {
    if (e.command() instanceof Bytes command) {
      try {
        return new Response.Ok(machine.apply(e.index(), command));
      } catch (RuntimeException refused) {
        // The StateMachine contract: a machine refuses a command by throwing, deterministically
        // and before changing anything, so every member skips the same index the same way.
        log.debug("raft {}: the state machine refused index {}: {}", group, e.index(), refused.toString());
        return new Response.Rejected("the state machine refused the command at index " + e.index() + ": "
            + refused.getMessage());
      }
    }
    if (e.command() instanceof Membership m) {
      m.members().forEach(peers::watch);
      return new Response.Configured(m.voters(), m.learners());
    }
    return new Response.Ok(Bytes.empty());
  }

  private Response serve(Bytes query) {
    try {
      return new Response.Ok(machine.query(query));
    } catch (RuntimeException e) {
      return failedQuery(e);
    }
  }

  private Response serveLocal(Object query) {
    try {
      return new Response.Served(machine.queryLocal(query));
    } catch (RuntimeException e) {
      return failedQuery(e);
    }
  }

  private static Response failedQuery(RuntimeException e) {
    return new Response.Rejected("the query failed: " + e);
  }

  /** Where a client should go instead; Unavailable when no leader is known. */
  private Response notLeader() {
    String hint = core.leaderHint();
    return hint == null || hint.equals(self) ? new Response.Unavailable("no leader known")
        : new Response.NotLeader(Optional.of(hint));
  }

  private Response overwritten() {
    String hint = core.leaderHint();
    return new Response.NotLeader(Optional.ofNullable(hint).filter(h -> !h.equals(self)));
  }

  private long deadline() {
    return ticks + timeoutTicks;
  }
}
