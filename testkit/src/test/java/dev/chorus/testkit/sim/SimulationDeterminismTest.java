package dev.chorus.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A seed reproduces its run exactly; the trace hash is how a test knows. */
class SimulationDeterminismTest {
  private static Simulation<AbdMessage, AbdRegister> register() {
    return Simulation.builder(AbdRegister::correct)
        .nodes(3)
        .faults(Faults.everything())
        .clients(Clients.of(4, RegisterWorkload::next))
        .build();
  }

  @Test
  void theSameSeedGivesTheSameTraceHistoryAndStats() {
    Simulation<AbdMessage, AbdRegister> sim = register();
    for (long seed = 1; seed <= 3; seed++) {
      Result a = sim.run(seed).assertPassed();
      Result b = sim.run(seed);
      assertEquals(a.traceHash(), b.traceHash(), Result.reproduce(seed));
      assertEquals(a.history(), b.history());
      assertEquals(a.stats(), b.stats());
      assertEquals(a.steps(), b.steps());
      assertTrue(a.stats().crashes() > 0 && a.stats().messagesDropped() > 0 && a.stats().opsOk() > 0,
          "the run exercised faults and clients: " + a.stats());
    }
  }

  @Test
  void differentSeedsGiveDifferentTraces() {
    Simulation<AbdMessage, AbdRegister> sim = register();
    Set<Long> hashes = new HashSet<>();
    for (long seed = 1; seed <= 10; seed++) {
      hashes.add(sim.run(seed).traceHash());
    }
    assertEquals(10, hashes.size());
  }

  /** The check above can fail: a node with randomness of its own is caught by the hash. */
  @Test
  void aNodeWithHiddenRandomnessChangesTheHash() {
    Simulation<Pinger.Ping, Sneaky> sim = Simulation.builder(Sneaky::new)
        .nodes(3).safetyPhase(Duration.ofMillis(500)).build();
    assertNotEquals(sim.run(7).traceHash(), sim.run(7).traceHash());
  }

  /** Pings one peer chosen by a generator the simulator does not control. */
  private static final class Sneaky implements SimNode<Pinger.Ping> {
    private final Incarnation me;
    private final Random unseeded = new Random();

    Sneaky(Incarnation me) {
      this.me = me;
    }

    @Override
    public Effects<Pinger.Ping> onTick() {
      String to = me.peers().get(unseeded.nextInt(me.peers().size()));
      return Effects.<Pinger.Ping>builder().send(to, new Pinger.Ping(0)).build();
    }

    @Override
    public Effects<Pinger.Ping> onMessage(String from, Pinger.Ping message) {
      return Effects.none();
    }

    @Override
    public Effects<Pinger.Ping> onPersisted(long token) {
      return Effects.none();
    }

    @Override
    public Effects<Pinger.Ping> onClientRequest(long requestId, Command command) {
      return Effects.none();
    }
  }
}
