package dev.chorus.consensus.paxos;

import dev.chorus.testkit.sim.Command;
import dev.chorus.testkit.sim.DurableWrite;
import dev.chorus.testkit.sim.Effects;
import dev.chorus.testkit.sim.Incarnation;
import dev.chorus.testkit.sim.Reply;
import dev.chorus.testkit.sim.SimNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Many independent Paxos groups, one per key, hosted by the simulator: each key is a write-once
 * register with its own {@link PaxosCore} on every node. Many keys keep decisions happening all
 * through a run, under whatever faults are on at the time. The host does what a real host does, no
 * more: carries out each {@link Ready} in order and turns answers into client replies.
 *
 * <p>{@link Host} selects a deliberately broken host, to show that the simulator catches it.
 */
final class SimPaxosNode implements SimNode<SimPaxosNode.Keyed> {
  /** A Paxos message of the group for {@code key}. */
  record Keyed(String key, PaxosMessage message) {}

  /** A durable record: an acceptor event of the group for {@code key}. */
  record KeyedEvent(String key, PaxosEvent event) {}

  /** How the host treats the core. */
  enum Host {
    /** As the contract says. */
    CORRECT,
    /**
     * Tells the core a write is durable as soon as it is issued: an acceptor's promise or vote goes
     * out before it is on disk, and a crash can take it back.
     */
    ACKS_BEFORE_DURABLE,
    /**
     * Strips the accepted proposal from every Promise that arrives from another node before the
     * proposer sees it: the proposer ignores P2c ("Paxos Made Simple" §2.2) and proposes its own
     * value whatever the other acceptors accepted.
     */
    IGNORES_ACCEPTED
  }

  private record Pending(long token, String key, long coreToken) {}

  private final Incarnation me;
  private final PaxosSettings settings;
  private final Host host;
  private final Map<String, PaxosCore> cores = new TreeMap<>();
  private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
  private final Map<Long, String> readRequests = new HashMap<>();
  /** Per key, the values clients proposed here, for the validity invariant. */
  private final Map<String, Set<String>> proposed = new TreeMap<>();
  /** Per key, the highest ballot this node sent a Promise or Accepted for. */
  private final Map<String, Ballot> acknowledged = new TreeMap<>();
  private long lastToken;

  SimPaxosNode(Incarnation me, PaxosSettings settings, Host host) {
    this.me = me;
    this.settings = settings;
    this.host = host;
    Map<String, List<PaxosEvent>> byKey = new TreeMap<>();
    for (Object r : me.durableRecords()) {
      KeyedEvent e = (KeyedEvent) r;
      byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e.event());
    }
    byKey.forEach((key, events) -> cores.put(key, newCore(events)));
  }

  static SimPaxosNode correct(Incarnation inc) {
    return new SimPaxosNode(inc, PaxosSettings.defaults(), Host.CORRECT);
  }

  /** The core of {@code key}'s group, if this incarnation has one. */
  PaxosCore core(String key) {
    return cores.get(key);
  }

  /** Every key this incarnation has a core for. */
  Set<String> keys() {
    return cores.keySet();
  }

  /** The acceptor state of {@code key}'s group here: initial if this incarnation has none. */
  AcceptorState acceptorState(String key) {
    PaxosCore core = cores.get(key);
    return core == null ? AcceptorState.INITIAL : core.acceptorState();
  }

  Map<String, Set<String>> proposed() {
    return proposed;
  }

  Map<String, Ballot> acknowledged() {
    return acknowledged;
  }

  @Override
  public Effects<Keyed> onMessage(String from, Keyed message) {
    PaxosMessage m = message.message();
    if (host == Host.IGNORES_ACCEPTED && m instanceof PaxosMessage.Promise p) {
      m = new PaxosMessage.Promise(p.ballot(), java.util.Optional.empty());
    }
    String key = message.key();
    return carryOut(key, core(key, true).receive(from, m), Effects.builder()).build();
  }

  @Override
  public Effects<Keyed> onTick() {
    Effects.Builder<Keyed> out = Effects.builder();
    for (Map.Entry<String, PaxosCore> e : cores.entrySet()) {
      carryOut(e.getKey(), e.getValue().tick(), out);
    }
    return out.build();
  }

  @Override
  public Effects<Keyed> onPersisted(long token) {
    Effects.Builder<Keyed> out = Effects.builder();
    while (!inFlight.isEmpty() && inFlight.peekFirst().token() <= token) {
      Pending p = inFlight.pollFirst();
      if (host != Host.ACKS_BEFORE_DURABLE) {
        carryOut(p.key(), cores.get(p.key()).persisted(p.coreToken()), out);
      }
    }
    return out.build();
  }

  @Override
  public Effects<Keyed> onClientRequest(long requestId, Command command) {
    Effects.Builder<Keyed> out = Effects.builder();
    String key = command.key();
    PaxosCore core = core(key, true);
    if (command.f().equals("propose")) {
      String value = (String) command.value();
      proposed.computeIfAbsent(key, k -> new TreeSet<>()).add(value);
      return carryOut(key, core.propose(requestId, value), out).build();
    } else if (command.f().equals("read")) {
      readRequests.put(requestId, key);
      return carryOut(key, core.read(requestId), out).build();
    }
    return out.reply(requestId, new Reply.Fail("unknown operation " + command.f())).build();
  }

  private PaxosCore core(String key, boolean create) {
    PaxosCore core = cores.get(key);
    if (core == null && create) {
      core = newCore(List.of());
      cores.put(key, core);
    }
    return core;
  }

  private PaxosCore newCore(List<PaxosEvent> events) {
    // One Random per group, drawn from the incarnation's in a deterministic order.
    return PaxosCore.recover(me.nodeId(), me.members(), settings, new Random(me.random().nextLong()), events);
  }

  private Effects.Builder<Keyed> carryOut(String key, Ready ready, Effects.Builder<Keyed> out) {
    for (Ready.Write w : ready.writes()) {
      long token = ++lastToken;
      out.persist(DurableWrite.append(token, new KeyedEvent(key, w.event())));
      inFlight.addLast(new Pending(token, key, w.token()));
      if (host == Host.ACKS_BEFORE_DURABLE) {
        carryOut(key, cores.get(key).persisted(w.token()), out);
      }
    }
    for (Ready.Outbound m : ready.messages()) {
      noteAcknowledgement(key, m.message());
      out.send(m.to(), new Keyed(key, m.message()));
    }
    for (Ready.Answer a : ready.answers()) {
      out.reply(a.requestId(), reply(a));
    }
    return out;
  }

  private void noteAcknowledgement(String key, PaxosMessage m) {
    Ballot b = m instanceof PaxosMessage.Promise p ? p.ballot()
        : m instanceof PaxosMessage.Accepted a ? a.ballot() : null;
    if (b != null && b.isAfter(acknowledged.getOrDefault(key, Ballot.ZERO))) {
      acknowledged.put(key, b);
    }
  }

  private Reply reply(Ready.Answer a) {
    boolean read = readRequests.remove(a.requestId()) != null;
    if (a instanceof Ready.Decided d) {
      return new Reply.Ok(d.value());
    } else if (a instanceof Ready.Undecided) {
      return new Reply.Ok(null);
    }
    String reason = ((Ready.Unavailable) a).reason();
    // A read that gave up changed nothing; a proposal that gave up may still be chosen.
    return read ? new Reply.Fail(reason) : new Reply.Unknown(reason);
  }
}
