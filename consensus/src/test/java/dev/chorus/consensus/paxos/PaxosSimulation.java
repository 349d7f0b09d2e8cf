package dev.chorus.consensus.paxos;

import dev.chorus.testkit.check.LinearizabilityChecker;
import dev.chorus.testkit.history.Op;
import dev.chorus.testkit.sim.ClientWorkload;
import dev.chorus.testkit.sim.Clients;
import dev.chorus.testkit.sim.Command;
import dev.chorus.testkit.sim.Faults;
import dev.chorus.testkit.sim.Invariant;
import dev.chorus.testkit.sim.SimNodeFactory;
import dev.chorus.testkit.sim.Simulation;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/** The simulations the Paxos tests share: the workload, the set-up and the history check. */
final class PaxosSimulation {
  /** How many operations in a row go to the newest register, before the clients move on. */
  static final int OPS_PER_REGISTER = 6;

  static final LinearizabilityChecker CHECKER = new LinearizabilityChecker(new WriteOnceRegister());

  private PaxosSimulation() {}

  /**
   * The clients' commands. All clients work on the newest register together, moving on to a fresh
   * one every {@link #OPS_PER_REGISTER} operations, so proposers contend for every register and
   * decisions happen all through a run, under whatever faults are on at the time; one operation
   * in five goes to an older register instead, which must still hold its value. Three operations
   * in five propose a value of the client's own, the rest read.
   *
   * <p>Stateful, so make one per run: the simulator calls it in a deterministic order, so a seed
   * still reproduces its run.
   */
  static final class Workload implements ClientWorkload {
    private int issued;

    @Override
    public Command next(Random random, int client) {
      int newest = issued++ / OPS_PER_REGISTER;
      int register = random.nextInt(5) == 0 ? random.nextInt(newest + 1) : newest;
      String key = "r" + register;
      if (random.nextInt(5) < 3) {
        return new Command("propose", key, "c" + client + "-" + random.nextInt(1000));
      }
      return new Command("read", key, null);
    }
  }

  /** A simulation for one run: the workload keeps state. */
  static Simulation<SimPaxosNode.Keyed, SimPaxosNode> simulation(SimNodeFactory<SimPaxosNode> factory, int nodes,
      Faults faults, Supplier<? extends Invariant<SimPaxosNode>> invariants) {
    return Simulation.<SimPaxosNode.Keyed, SimPaxosNode>builder(factory)
        .nodes(nodes)
        .faults(faults)
        .clients(new Clients(4, new Workload(), Duration.ofMillis(800), Duration.ofMillis(20)))
        .safetyPhase(Duration.ofSeconds(4))
        .livenessPhase(Duration.ofSeconds(10))
        .invariantPerRun(invariants::get)
        .build();
  }

  static SimNodeFactory<SimPaxosNode> host(SimPaxosNode.Host host) {
    return inc -> new SimPaxosNode(inc, PaxosSettings.defaults(), host);
  }

  /**
   * How many proposals completed ok with another client's value: evidence that proposers really
   * contended for the same register.
   */
  static int lostProposals(List<Op> history) {
    Map<String, Op> open = new HashMap<>();
    int lost = 0;
    for (Op op : history) {
      if (op.isNemesis() || !op.f().equals("propose")) {
        continue;
      }
      if (op.type() == Op.Type.INVOKE) {
        open.put(op.process(), op);
      } else {
        Op invoke = open.remove(op.process());
        if (op.type() == Op.Type.OK && invoke != null && !invoke.value().equals(op.value())) {
          lost++;
        }
      }
    }
    return lost;
  }
}
