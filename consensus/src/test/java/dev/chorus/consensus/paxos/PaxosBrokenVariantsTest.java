package dev.chorus.consensus.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.core.Soak;
import dev.chorus.testkit.check.Verdict;
import dev.chorus.testkit.sim.Faults;
import dev.chorus.testkit.sim.Invariant;
import dev.chorus.testkit.sim.Result;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The proof that the Paxos simulation tests can fail: two deliberately broken hosts of the same
 * core (see {@link SimPaxosNode.Host}) are caught by the invariants or the linearizability checker
 * within a bounded number of seeds, while the correct host is never flagged under the same faults
 * and seeds. Each test prints the share of seeds that caught the bug.
 */
class PaxosBrokenVariantsTest {
  private static final int SEEDS = Soak.choose(30, 1000);
  private static final Duration MS = Duration.ofMillis(1);

  /**
   * Crashes about ten times a second, each node down 5 to 30 ms, on a slow disk (10 to 100 ms per
   * write), so that a crash often lands between an early acknowledgement and its fsync; plus the
   * lossy network of {@link Faults#network()} with 1 to 10 ms delays.
   */
  static final Faults CRASHES_ON_A_SLOW_DISK = Faults.network()
      .withDelay(MS, Duration.ofMillis(10))
      .withCrashes(0.1, Duration.ofMillis(5), Duration.ofMillis(30))
      .withFsync(Duration.ofMillis(10), Duration.ofMillis(100));

  /** What became of the seeds of one hunt. */
  private record Hunt(int seeds, int caught, int byInvariant, int byChecker, int stuck, String first) {
    String share() {
      return caught + "/" + seeds + " seeds (" + byInvariant + " by an invariant or the core's own checks, "
          + byChecker + " by the linearizability checker on the history up to there; " + stuck
          + " did not converge)";
    }
  }

  private static Hunt hunt(SimPaxosNode.Host host, Faults faults, Supplier<Invariant<SimPaxosNode>> invariants) {
    int caught = 0;
    int byInvariant = 0;
    int byChecker = 0;
    int stuck = 0;
    String first = null;
    for (long seed = 1; seed <= SEEDS; seed++) {
      Result r = PaxosSimulation.simulation(PaxosSimulation.host(host), 3, faults, invariants).run(seed);
      // A failure with a cause is a safety check that threw; without one, the run got stuck.
      boolean invariant = r.failure().isPresent() && r.failure().get().getCause() != null;
      Verdict v = r.check(PaxosSimulation.CHECKER);
      boolean checker = v.validity() == Verdict.Validity.INVALID;
      byInvariant += invariant ? 1 : 0;
      byChecker += checker ? 1 : 0;
      stuck += r.failure().isPresent() && !invariant ? 1 : 0;
      if (invariant || checker) {
        caught++;
        if (first == null) {
          first = invariant ? r.failure().get().getMessage()
              : Result.reproduce(seed) + ": the history is not linearizable\n" + v.render();
        }
      }
    }
    return new Hunt(SEEDS, caught, byInvariant, byChecker, stuck, first);
  }

  private static void report(String what, Hunt hunt) {
    System.out.println(what + ": caught on " + hunt.share());
    if (hunt.first() != null) {
      String first = hunt.first();
      System.out.println("  first: " + first.substring(0, Math.min(first.length(), 600)));
    }
  }

  @Test
  void aProposerThatIgnoresAcceptedValuesIsCaught() {
    Hunt hunt = hunt(SimPaxosNode.Host.IGNORES_ACCEPTED, Faults.network(), PaxosInvariants::agreementAndValidity);
    report("proposer ignores accepted values (P2c), network faults, agreement and validity", hunt);
    assertTrue(hunt.caught() > 0, "never caught in " + SEEDS + " seeds");
    // Without the invariants, the core's own check catches it: a learner told of a second value
    // throws, usually before any client has seen two values.
    Hunt coreOnly = hunt(SimPaxosNode.Host.IGNORES_ACCEPTED, Faults.network(), Invariant::none);
    report("proposer ignores accepted values (P2c), network faults, no invariants", coreOnly);
    assertTrue(coreOnly.caught() > 0, "the core's checks and the checker never caught it in " + SEEDS + " seeds");
  }

  @Test
  void anAcceptorThatAnswersBeforeItsWriteIsDurableIsCaughtUnderCrashes() {
    Hunt userVisible = hunt(SimPaxosNode.Host.ACKS_BEFORE_DURABLE, CRASHES_ON_A_SLOW_DISK,
        PaxosInvariants::agreementAndValidity);
    report("acceptor acknowledges before durable, crashes, agreement and validity", userVisible);
    Hunt checkerOnly = hunt(SimPaxosNode.Host.ACKS_BEFORE_DURABLE, CRASHES_ON_A_SLOW_DISK, Invariant::none);
    report("acceptor acknowledges before durable, crashes, no invariants", checkerOnly);
    Hunt all = hunt(SimPaxosNode.Host.ACKS_BEFORE_DURABLE, CRASHES_ON_A_SLOW_DISK, PaxosInvariants::all);
    report("acceptor acknowledges before durable, crashes, every invariant", all);
    assertTrue(userVisible.caught() > 0, "two values were never chosen in " + SEEDS + " seeds");
    assertTrue(all.caught() >= userVisible.caught(), "the durability invariants catch at least as much");
    assertTrue(checkerOnly.byChecker() > 0, "the checker alone never caught it in " + SEEDS + " seeds");
  }

  /** The bug needs the fault: without crashes an early acknowledgement is never taken back. */
  @Test
  void anAcceptorThatAnswersBeforeDurableGoesUnnoticedByUsersWithoutCrashes() {
    Hunt hunt = hunt(SimPaxosNode.Host.ACKS_BEFORE_DURABLE, CRASHES_ON_A_SLOW_DISK.withoutCrashes(),
        PaxosInvariants::agreementAndValidity);
    assertEquals(0, hunt.caught() + hunt.stuck(), hunt.first());
  }

  @Test
  void theCorrectHostIsNeverFlaggedUnderTheSameFaults() {
    for (Faults faults : new Faults[] {Faults.network(), CRASHES_ON_A_SLOW_DISK}) {
      Hunt hunt = hunt(SimPaxosNode.Host.CORRECT, faults, PaxosInvariants::all);
      assertEquals(0, hunt.caught() + hunt.stuck(), hunt.first());
    }
  }
}
