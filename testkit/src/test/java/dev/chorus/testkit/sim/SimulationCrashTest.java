package dev.chorus.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A crash keeps exactly the writes that completed, truncations included, and nothing else. */
class SimulationCrashTest {
  private static final Duration MS = Duration.ofMillis(1);

  /** Checks each restart against what the node's previous incarnation was told was durable. */
  private static final class Restarts implements SimNodeFactory<Writer> {
    final Map<String, Writer> last = new TreeMap<>();
    final AtomicLong restarts = new AtomicLong();
    final AtomicLong writesInFlightAtCrash = new AtomicLong();

    @Override
    public Writer start(Incarnation incarnation) {
      Writer previous = last.get(incarnation.nodeId());
      if (previous != null) {
        assertEquals(previous.knownDurable, incarnation.durableRecords(),
            incarnation.nodeId() + " restarted with other records than its completed writes");
        restarts.incrementAndGet();
        writesInFlightAtCrash.addAndGet(previous.inFlight());
      }
      Writer node = new Writer(incarnation);
      last.put(incarnation.nodeId(), node);
      return node;
    }
  }

  /** The simulator's view of each running node's storage matches the node's own account. */
  private static void durableMatchesCompletedWrites(SimView<Writer> view) {
    for (String id : view.nodeIds()) {
      view.node(id).ifPresent(w -> assertEquals(w.knownDurable, view.durable(id), id));
    }
  }

  @Test
  void aCrashBeforeTheFsyncCompletesLosesTheWrite() {
    Restarts factory = new Restarts();
    // A write takes 25 ms and one is issued every 10 ms tick: at any moment two or three are in
    // flight, and a crash at 100 ms must lose them.
    Result result = Simulation.builder(factory)
        .nodes(1)
        .faults(Faults.none().withFsync(Duration.ofMillis(25), Duration.ofMillis(25)))
        .crashAt(Duration.ofMillis(100), "n1", Duration.ofMillis(50))
        .safetyPhase(Duration.ofMillis(300))
        .invariant(SimulationCrashTest::durableMatchesCompletedWrites)
        .build()
        .run(1)
        .assertPassed();
    assertEquals(1, factory.restarts.get());
    assertTrue(factory.writesInFlightAtCrash.get() >= 2, "writes in flight: " + factory.writesInFlightAtCrash);
    assertEquals(factory.writesInFlightAtCrash.get(), result.stats().writesLost());
  }

  @Test
  void randomCrashesKeepExactlyTheCompletedWrites() {
    for (long seed = 1; seed <= 5; seed++) {
      Restarts factory = new Restarts();
      Result result = Simulation.builder(factory)
          .nodes(3)
          .faults(Faults.none().withFsync(MS, Duration.ofMillis(40))
              .withCrashes(0.05, Duration.ofMillis(10), Duration.ofMillis(100)))
          .safetyPhase(Duration.ofSeconds(3))
          .invariant(SimulationCrashTest::durableMatchesCompletedWrites)
          .build()
          .run(seed)
          .assertPassed();
      assertTrue(result.stats().crashes() > 5, result.stats().toString());
      assertEquals(result.stats().crashes(), result.stats().restarts());
      assertEquals(factory.restarts.get(), result.stats().restarts());
      assertTrue(result.stats().writesLost() > 0, "some crash hit a write in flight: " + result.stats());
      assertEquals(factory.writesInFlightAtCrash.get(), result.stats().writesLost());
    }
  }
}
