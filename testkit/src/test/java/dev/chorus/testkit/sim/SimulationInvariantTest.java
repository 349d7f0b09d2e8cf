package dev.chorus.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Invariants run after every step, and every way a run can fail names the seed that reproduces
 * it.
 */
class SimulationInvariantTest {
  private static Simulation.Builder<Pinger.Ping, Pinger> pingers() {
    return Simulation.builder(Pinger::new).nodes(3).faults(Faults.partitions())
        .safetyPhase(Duration.ofSeconds(1));
  }

  @Test
  void theInvariantRunsAfterEveryStep() {
    AtomicLong calls = new AtomicLong();
    Result result = pingers().invariant(view -> {
      assertEquals(calls.incrementAndGet(), view.steps());
    }).build().run(11).assertPassed();
    assertEquals(result.steps(), calls.get());
    assertTrue(result.steps() > 500, "steps " + result.steps());
  }

  @Test
  void aFailingInvariantEndsTheRunWithItsSeed() {
    Simulation<Pinger.Ping, Pinger> sim = pingers().invariant(view -> {
      if (view.steps() == 500) {
        throw new AssertionError("boom after " + view.node("n1").orElseThrow().received.size() + " pings");
      }
    }).build();
    Result result = sim.run(42);
    assertFalse(result.passed());
    SimulationFailure failure = result.failure().orElseThrow();
    assertTrue(failure.getMessage().startsWith("reproduce with seed=42: "), failure.getMessage());
    assertTrue(failure.getMessage().contains("boom after"), failure.getMessage());
    assertEquals(500, failure.step());
    assertEquals(500, result.steps());
    assertEquals(30, failure.lastSteps().size());
    assertThrows(SimulationFailure.class, result::assertPassed);

    // The same seed fails the same way, at the same step, with the same trace.
    Result again = sim.run(failure.seed());
    assertEquals(failure.getMessage(), again.failure().orElseThrow().getMessage());
    assertEquals(result.traceHash(), again.traceHash());
  }

  @Test
  void aNodeThatThrowsFailsTheRunWithItsSeed() {
    Result result = Simulation.builder((Incarnation i) -> new Pinger(i) {
      @Override
      public Effects<Ping> onTick() {
        if (sent == 20 && i.nodeId().equals("n2")) {
          throw new IllegalStateException("n2 lost its mind");
        }
        return super.onTick();
      }
    }).nodes(3).build().run(5);
    String message = result.failure().orElseThrow().getMessage();
    assertTrue(message.startsWith("reproduce with seed=5: "), message);
    assertTrue(message.contains("n2 lost its mind"), message);
  }

  @Test
  void aClusterThatNeverAnswersFailsTheLivenessPhase() {
    Result result = Simulation.builder(Pinger::new).nodes(3)
        .clients(Clients.of(2, RegisterWorkload::next))
        .livenessPhase(Duration.ofSeconds(1))
        .build().run(8);
    String message = result.failure().orElseThrow().getMessage();
    assertTrue(message.startsWith("reproduce with seed=8: did not converge within 1000 ms"), message);
    assertTrue(message.contains("clients 0, 1 got no ok"), message);
  }

  @Test
  void aConvergenceConditionThatNeverHoldsFailsTheLivenessPhase() {
    Result result = pingers().convergence(view -> false).livenessPhase(Duration.ofMillis(200))
        .build().run(9);
    String message = result.failure().orElseThrow().getMessage();
    assertTrue(message.contains("the convergence condition does not hold"), message);
  }

  @Test
  void theStepBudgetBoundsARun() {
    Result result = pingers().maxSteps(100).build().run(10);
    assertEquals(100, result.steps());
    assertTrue(result.failure().orElseThrow().getMessage().contains("ran out of steps"));
  }
}
