package dev.chorus.consensus.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.core.Soak;
import dev.chorus.testkit.sim.Faults;
import dev.chorus.testkit.sim.Result;
import org.junit.jupiter.api.Test;

/**
 * Single-decree Paxos under the deterministic simulator: a fresh write-once register (one Paxos group
 * each) every few operations, with every client contending for it, every step checked against Paxos's safety properties
 * ({@link PaxosInvariants#all()}), every run's history checked for linearizability against
 * {@link WriteOnceRegister}, under network faults, partitions and crashes. After the heal every
 * client must get an answer: dueling proposers must not livelock.
 */
class PaxosSimulationTest {
  private static final int SEEDS = Soak.choose(30, 500);

  private static void runSeeds(int nodes, Faults faults) {
    int ops = 0;
    int lost = 0;
    for (long seed = 1; seed <= SEEDS; seed++) {
      Result r = PaxosSimulation.simulation(SimPaxosNode::correct, nodes, faults, PaxosInvariants::all)
          .run(seed).assertPassed();
      r.assertHistory(PaxosSimulation.CHECKER);
      ops += r.history().size() / 2;
      lost += PaxosSimulation.lostProposals(r.history());
    }
    assertTrue(ops > SEEDS * 50, "the clients got work done: " + ops + " operations");
    assertTrue(lost > SEEDS, "proposers contended: only " + lost + " proposals lost to another value");
  }

  @Test
  void safeAndLinearizableUnderNetworkFaults() {
    runSeeds(3, Faults.network());
  }

  @Test
  void safeAndLinearizableUnderPartitions() {
    runSeeds(5, Faults.partitions());
  }

  @Test
  void safeAndLinearizableUnderCrashes() {
    runSeeds(3, Faults.crashes());
  }

  @Test
  void safeAndLinearizableUnderEverything() {
    runSeeds(5, Faults.everything());
  }

  @Test
  void sameSeedSameTrace() {
    assertEquals(
        PaxosSimulation.simulation(SimPaxosNode::correct, 5, Faults.everything(), PaxosInvariants::all).run(7).traceHash(),
        PaxosSimulation.simulation(SimPaxosNode::correct, 5, Faults.everything(), PaxosInvariants::all).run(7).traceHash());
  }
}
