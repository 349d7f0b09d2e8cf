package dev.chorus.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.core.Soak;
import dev.chorus.testkit.check.LinearizabilityChecker;
import dev.chorus.testkit.check.Models;
import dev.chorus.testkit.check.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The proof that the simulator finds real bugs: with the linearizability checker it catches an ABD
 * register that acknowledges stores before they are durable, only when crashes are on, and never
 * flags the correct register under the same faults.
 */
class AbdRegisterTest {
  private static final int SEEDS = Soak.choose(200, 2000);
  private static final Duration MS = Duration.ofMillis(1);

  /**
   * Crashes about ten times a second, each node down 5 to 30 ms, on a slow disk (10 to 100 ms per
   * write) so a crash often lands between an early acknowledgement and its fsync; plus the lossy
   * network of {@link Faults#network()} with 1 to 10 ms delays.
   */
  static final Faults CRASHES_ON_A_SLOW_DISK = Faults.network()
      .withDelay(MS, Duration.ofMillis(10))
      .withCrashes(0.1, Duration.ofMillis(5), Duration.ofMillis(30))
      .withFsync(Duration.ofMillis(10), Duration.ofMillis(100));

  private final LinearizabilityChecker checker = new LinearizabilityChecker(Models.register());

  private static Simulation<AbdMessage, AbdRegister> simulation(SimNodeFactory<AbdRegister> register, Faults faults) {
    return Simulation.builder(register)
        .nodes(3)
        .faults(faults)
        .clients(Clients.of(4, RegisterWorkload::next))
        .safetyPhase(Duration.ofSeconds(5))
        .build();
  }

  @Test
  void theBrokenRegisterIsCaughtUnderCrashes() {
    Simulation<AbdMessage, AbdRegister> sim = simulation(AbdRegister::ackingBeforeDurable, CRASHES_ON_A_SLOW_DISK);
    int caught = 0;
    int unknown = 0;
    Verdict first = null;
    long firstSeed = -1;
    for (long seed = 0; seed < SEEDS; seed++) {
      Verdict verdict = sim.run(seed).check(checker);
      if (verdict.validity() == Verdict.Validity.INVALID) {
        caught++;
        if (first == null) {
          first = verdict;
          firstSeed = seed;
        }
      } else if (verdict.validity() == Verdict.Validity.UNKNOWN) {
        unknown++;
      }
    }
    System.out.printf("broken register caught on %d/%d seeds (%d unknown)%n", caught, SEEDS, unknown);
    assertTrue(caught > 0, "the broken register was never caught in " + SEEDS + " seeds");
    System.out.println("first caught: " + Result.reproduce(firstSeed) + "\n" + first.render());
  }

  @Test
  void theCorrectRegisterIsNeverFlagged() {
    Simulation<AbdMessage, AbdRegister> sim = simulation(AbdRegister::correct, CRASHES_ON_A_SLOW_DISK);
    long crashes = 0;
    for (long seed = 0; seed < SEEDS; seed++) {
      Result result = sim.run(seed).assertPassed();
      result.assertHistory(checker);
      crashes += result.stats().crashes();
    }
    assertTrue(crashes > SEEDS * 10L, "crashes " + crashes);
  }

  /** The bug needs the fault: everything else on, crashes off, the broken register passes. */
  @Test
  void theBrokenRegisterPassesWithoutCrashes() {
    Simulation<AbdMessage, AbdRegister> sim =
        simulation(AbdRegister::ackingBeforeDurable, CRASHES_ON_A_SLOW_DISK.withoutCrashes());
    for (long seed = 0; seed < SEEDS; seed++) {
      Result result = sim.run(seed).assertPassed();
      assertEquals(0, result.stats().crashes());
      result.assertHistory(checker);
    }
  }
}
