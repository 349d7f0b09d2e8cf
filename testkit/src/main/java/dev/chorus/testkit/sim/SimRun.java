package dev.chorus.testkit.sim;

import dev.chorus.testkit.history.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * One run of a {@link Simulation}: all of its mutable state, and the event loop. Every random
 * choice comes from generators derived from the seed, one per concern (network, nemesis, disk,
 * node starts, clients), so that a change in how often one of them draws does not reshuffle the
 * others.
 */
final class SimRun<M, N extends SimNode<M>> implements SimView<N> {
  private final Simulation<M, N> sim;
  private final long seed;
  private final List<String> ids;
  private final Scheduler scheduler = new Scheduler();
  private final Counters counters = new Counters();
  private final Trace trace = new Trace();
  private final List<Op> history = new ArrayList<>();
  private final Random nemesisRandom;
  private final Random diskRandom;
  private final Random nodeSeeds;
  private final Network network;
  private final ClientDriver clients;
  private final Disk[] disks;
  private final List<N> nodes = new ArrayList<>();
  private final int[] incarnations;
  private final long[] tickPeriods;
  private final Random rateRandom;
  private static final double RATE_CHANGE_PER_TICK = 0.02;
  private final List<Invariant<N>> invariants = new ArrayList<>();
  private long now;
  private long steps;
  private boolean faultsActive = true;

  SimRun(Simulation<M, N> sim, long seed) {
    this.sim = sim;
    this.seed = seed;
    Random master = new Random(seed);
    this.network = new Network(scheduler, new Random(master.nextLong()), counters, sim.faults);
    this.nemesisRandom = new Random(master.nextLong());
    this.diskRandom = new Random(master.nextLong());
    this.nodeSeeds = new Random(master.nextLong());
    this.disks = new Disk[sim.nodes];
    this.incarnations = new int[sim.nodes];
    List<String> names = new ArrayList<>();
    for (int i = 0; i < sim.nodes; i++) {
      names.add("n" + (i + 1));
      disks[i] = new Disk(names.get(i));
      nodes.add(null);
    }
    this.ids = List.copyOf(names);
    // Its own stream, derived from the seed, so runs without the fault replay as before.
    this.rateRandom = new Random(seed ^ 0x636c6f636b5261L);
    this.tickPeriods = new long[sim.nodes];
    java.util.Arrays.fill(tickPeriods, sim.tickNanos);
    this.clients = new ClientDriver(sim.clients, scheduler, network, new Random(master.nextLong()),
        ids, history, counters);
    sim.invariants.forEach(s -> invariants.add(s.get()));
  }

  Result run() {
    // Starting is a step like any other, so a factory that throws fails the run with its seed.
    for (int i = 0; i < sim.nodes; i++) {
      scheduler.at(0, new Event.Start(i));
    }
    scheduler.at(sim.tickNanos, new Event.Nemesis());
    scheduler.at(sim.safetyNanos, new Event.EndSafetyPhase());
    sim.crashes.forEach(c -> scheduler.at(c.atNanos(), new Event.Crash(c.node(), c.downNanos())));
    clients.start(0);
    SimulationFailure failure = loop();
    return new Result(seed, history, trace.hash(), steps, now, counters.freeze(), Optional.ofNullable(failure));
  }

  private SimulationFailure loop() {
    long deadline = sim.safetyNanos + sim.livenessNanos;
    while (true) {
      Scheduler.Entry next = scheduler.next();
      if (next == null || next.time() > deadline) {
        now = deadline;
        return failure("did not converge within " + sim.livenessNanos / 1_000_000 + " ms after the "
            + "faults were healed: " + notConverged(), null);
      }
      if (steps == sim.maxSteps) {
        return failure("ran out of steps (maxSteps " + sim.maxSteps + "): a livelock?", null);
      }
      now = next.time();
      steps++;
      trace.add(now + " " + next.event().describe(ids));
      try {
        handle(next.event());
        for (Invariant<N> invariant : invariants) {
          invariant.check(this);
        }
        if (!faultsActive && converged()) {
          return null;
        }
      } catch (RuntimeException | AssertionError e) {
        // An assertion's message says it all; any other exception is named by its class too.
        return failure(e instanceof AssertionError ? String.valueOf(e.getMessage()) : e.toString(), e);
      }
    }
  }

  private boolean converged() {
    return clients.allProgressed() && sim.convergence.test(this);
  }

  private String notConverged() {
    return clients.allProgressed() ? "the convergence condition does not hold"
        : "clients " + clients.laggards() + " got no ok for an operation invoked after the heal";
  }

  private SimulationFailure failure(String what, Throwable cause) {
    return new SimulationFailure(seed, steps, now, what, trace.lastLines(), cause);
  }

  private void handle(Event event) {
    if (event instanceof Event.Deliver e) {
      deliver(e);
    } else if (event instanceof Event.Tick e) {
      tick(e);
    } else if (event instanceof Event.Persisted e) {
      persisted(e);
    } else if (event instanceof Event.RequestArrives e) {
      request(e);
    } else if (event instanceof Event.ReplyArrives e) {
      clients.replyArrives(now, e);
    } else if (event instanceof Event.NextOp e) {
      clients.nextOp(now, e.client());
    } else if (event instanceof Event.Retry e) {
      clients.retry(now, e);
    } else if (event instanceof Event.Timeout e) {
      clients.timeout(now, e);
    } else {
      handleFault(event);
    }
  }

  private void handleFault(Event event) {
    if (event instanceof Event.Nemesis) {
      nemesis();
    } else if (event instanceof Event.Crash e) {
      crash(e.node(), e.downNanos());
    } else if (event instanceof Event.Start e) {
      if (nodes.get(e.node()) == null) {
        start(e.node());
      }
    } else if (event instanceof Event.HealPartition e) {
      network.heal(e.partition());
    } else if (event instanceof Event.EndSafetyPhase) {
      endSafetyPhase();
    } else {
      throw new IllegalStateException("unhandled event " + event);
    }
  }

  @SuppressWarnings("unchecked")
  private void deliver(Event.Deliver e) {
    N node = nodes.get(e.to());
    counters.inFlight--;
    if (!network.connected(e.from(), e.to())) {
      counters.cut++;
    } else if (node == null) {
      counters.toDownNodes++;
    } else {
      counters.delivered++;
      apply(e.to(), node.onMessage(ids.get(e.from()), (M) e.message()));
    }
  }

  private void tick(Event.Tick e) {
    N node = nodes.get(e.node());
    if (node != null && incarnations[e.node()] == e.incarnation()) {
      apply(e.node(), node.onTick());
      scheduler.at(now + tickPeriods[e.node()], e);
    }
  }

  private void persisted(Event.Persisted e) {
    N node = nodes.get(e.node());
    if (node != null && incarnations[e.node()] == e.incarnation()) {
      disks[e.node()].complete(e.write());
      counters.writesCompleted++;
      apply(e.node(), node.onPersisted(e.write().token()));
    }
  }

  private void request(Event.RequestArrives e) {
    N node = nodes.get(e.node());
    if (node == null) {
      clients.refused(now, e.requestId(), e.node());
    } else {
      apply(e.node(), node.onClientRequest(e.requestId(), e.command()));
    }
  }

  private void apply(int node, Effects<M> effects) {
    for (DurableWrite w : effects.writes()) {
      Faults f = currentFaults();
      long latency = Uniform.between(diskRandom, f.minFsync().toNanos(), f.maxFsync().toNanos());
      long done = disks[node].submit(now, latency);
      scheduler.at(done, new Event.Persisted(node, incarnations[node], w));
    }
    for (Effects.Send<M> s : effects.sends()) {
      int to = ids.indexOf(s.to());
      if (to < 0) {
        throw new IllegalStateException(ids.get(node) + " sent to unknown node " + s.to());
      }
      network.send(now, node, to, s.message());
    }
    for (Effects.ClientReply r : effects.replies()) {
      clients.replySent(now, node, r.requestId(), r.reply());
    }
  }

  private Faults currentFaults() {
    return faultsActive ? sim.faults : sim.faults.healed();
  }

  private void start(int i) {
    if (incarnations[i] > 0) {
      counters.restarts++;
    }
    Incarnation incarnation = new Incarnation(ids.get(i), i, ids, disks[i].records(),
        new Random(nodeSeeds.nextLong()), incarnations[i]);
    nodes.set(i, sim.factory.start(incarnation));
    // A random phase, so nodes do not tick in lockstep.
    scheduler.at(now + Uniform.between(nemesisRandom, 1, tickPeriods[i]), new Event.Tick(i, incarnations[i]));
  }

  private void crash(int i, long downNanos) {
    if (nodes.get(i) == null) {
      return;
    }
    nodes.set(i, null);
    incarnations[i]++;
    counters.crashes++;
    counters.writesLost += disks[i].crash();
    scheduler.at(now + downNanos, new Event.Start(i));
  }

  private void nemesis() {
    if (!faultsActive) {
      return;
    }
    changeClockRates();
    Faults f = sim.faults;
    if (f.crashProbability() > 0 && nemesisRandom.nextDouble() < f.crashProbability()) {
      List<Integer> up = new ArrayList<>();
      for (int i = 0; i < nodes.size(); i++) {
        if (nodes.get(i) != null) {
          up.add(i);
        }
      }
      if (!up.isEmpty()) {
        crash(up.get(nemesisRandom.nextInt(up.size())), Uniform.between(nemesisRandom,
            f.minRestartDelay().toNanos(), f.maxRestartDelay().toNanos()));
      }
    }
    if (sim.nodes > 1 && !network.partitioned() && f.partitionProbability() > 0
        && nemesisRandom.nextDouble() < f.partitionProbability()) {
      long number = network.partition(randomSides());
      scheduler.at(now + Uniform.between(nemesisRandom, f.minPartition().toNanos(),
          f.maxPartition().toNanos()), new Event.HealPartition(number));
    }
    scheduler.at(now + sim.tickNanos, new Event.Nemesis());
  }

  /**
   * The clock-rate fault: each tick interval, each node's tick source has a chance of
   * {@link #RATE_CHANGE_PER_TICK} of moving to a new rate in [1 - drift, 1 + drift], so that now
   * and then a leader runs slow while its followers run fast (leaders are mostly the fast ones:
   * their election timeouts run out first).
   */
  private void changeClockRates() {
    if (sim.clockRateDrift == 0) {
      return;
    }
    for (int i = 0; i < sim.nodes; i++) {
      if (rateRandom.nextDouble() < RATE_CHANGE_PER_TICK) {
        double rate = 1 + sim.clockRateDrift * (2 * rateRandom.nextDouble() - 1);
        tickPeriods[i] = Math.max(1, Math.round(sim.tickNanos / rate));
      }
    }
  }

  /** Two random non-empty sides. */
  private int[] randomSides() {
    int[] sides = new int[sim.nodes];
    int first = nemesisRandom.nextInt(sim.nodes);
    int second = (first + 1 + nemesisRandom.nextInt(sim.nodes - 1)) % sim.nodes;
    sides[second] = 1;
    for (int i = 0; i < sim.nodes; i++) {
      if (i != first && i != second) {
        sides[i] = nemesisRandom.nextInt(2);
      }
    }
    return sides;
  }

  private void endSafetyPhase() {
    faultsActive = false;
    network.use(sim.faults.healed());
    network.healAll();
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i) == null) {
        start(i);
      }
    }
    clients.healed(now);
  }

  // SimView

  @Override
  public long seed() {
    return seed;
  }

  @Override
  public long nowNanos() {
    return now;
  }

  @Override
  public long steps() {
    return steps;
  }

  @Override
  public boolean faultsActive() {
    return faultsActive;
  }

  @Override
  public List<String> nodeIds() {
    return ids;
  }

  @Override
  public Optional<N> node(String nodeId) {
    return Optional.ofNullable(nodes.get(index(nodeId)));
  }

  @Override
  public List<Object> durable(String nodeId) {
    return disks[index(nodeId)].records();
  }

  @Override
  public boolean connected(String from, String to) {
    return network.connected(index(from), index(to));
  }

  private int index(String nodeId) {
    int i = ids.indexOf(nodeId);
    if (i < 0) {
      throw new IllegalArgumentException("no node " + nodeId + "; nodes are " + ids);
    }
    return i;
  }
}
