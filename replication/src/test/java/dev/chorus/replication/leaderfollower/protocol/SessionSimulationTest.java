package dev.chorus.replication.leaderfollower.protocol;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.core.Soak;
import dev.chorus.replication.leaderfollower.ReplicationSettings;
import dev.chorus.replication.leaderfollower.WriteMode;
import dev.chorus.testkit.check.BoundedStaleness;
import dev.chorus.testkit.check.SessionGuarantees;
import dev.chorus.testkit.check.Verdict;
import dev.chorus.testkit.check.Versions;
import dev.chorus.testkit.history.Op;
import dev.chorus.testkit.sim.Clients;
import dev.chorus.testkit.sim.Command;
import dev.chorus.testkit.sim.Faults;
import dev.chorus.testkit.sim.Result;
import dev.chorus.testkit.sim.Simulation;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Session guarantees over the leader-follower store, under the simulator with every fault:
 * clients write three registers at the leader and read them at any replica. The version of a
 * register is the offset of its write. With session tokens (the position each client last wrote
 * or read through, attached to every request) the four guarantees hold on every seed, in every
 * mode; with plain eventual reads, the checker finds violations: "I just wrote it, but the read
 * says it does not exist".
 */
class SessionSimulationTest {
  private static final int SEEDS = Soak.choose(100, 1_000);
  private static SimReplica.Sessions sessions;

  private static Command next(Random random, int client) {
    String key = "k" + random.nextInt(3);
    return random.nextBoolean() ? new Command("read", key, new SimReplica.SessionOp(client, 0))
        : new Command("write", key, new SimReplica.SessionOp(client, random.nextInt(1_000)));
  }

  private static Simulation<Object, SimReplica> simulation(WriteMode mode, ReadLevel reads, boolean tokens) {
    return simulation(mode, new SimReplica.Sessions(reads, tokens));
  }

  private static Simulation<Object, SimReplica> simulation(WriteMode mode, SimReplica.Sessions shared) {
    ReplicationSettings settings = new ReplicationSettings(mode, 10, 40, 16, 15, 20, 5);
    return Simulation.<Object, SimReplica>builder(inc -> new SimReplica(inc, settings, shared, false))
        .nodes(4)
        .faults(Faults.everything())
        // Reads go to any node; a client that hears NotLeader or a refusal tries again elsewhere.
        .clients(new Clients(3, SessionSimulationTest::next, Duration.ofMillis(800), Duration.ofMillis(10)))
        .safetyPhase(Duration.ofSeconds(3))
        .livenessPhase(Duration.ofSeconds(10))
        .invariantPerRun(() -> {
          shared.clear();
          sessions = shared;
          return view -> {};
        })
        .convergence(view -> true)
        .build();
  }

  private static SessionGuarantees checker() {
    return SessionGuarantees.all(Versions.field("version"));
  }

  private static void holdWithTokens(WriteMode mode) {
    Simulation<Object, SimReplica> sim = simulation(mode, ReadLevel.SESSION, true);
    long reads = 0;
    for (long seed = 1; seed <= SEEDS; seed++) {
      Result r = sim.run(seed).assertPassed();
      Verdict v = r.check(checker());
      String where = mode + ", " + Result.reproduce(seed);
      assertTrue(v.isValid(), () -> where + ": " + v.render());
      reads += r.history().stream().filter(o -> o.f().equals("read") && o.type() == Op.Type.OK).count();
    }
    assertTrue(reads > SEEDS * 5L, "the sessions read something: " + reads);
  }

  @Test
  void sessionTokensGiveEveryGuaranteeInAsync() {
    holdWithTokens(WriteMode.async());
  }

  @Test
  void sessionTokensGiveEveryGuaranteeInSemiSync() {
    holdWithTokens(WriteMode.semiSync(1));
  }

  @Test
  void eventualReadsWithoutTokensBreakReadYourWrites() {
    Simulation<Object, SimReplica> sim = simulation(WriteMode.async(), ReadLevel.EVENTUAL, false);
    int broken = 0;
    for (long seed = 1; seed <= SEEDS; seed++) {
      Result r = sim.run(seed).assertPassed();
      broken += r.check(checker()).isValid() ? 0 : 1;
    }
    assertTrue(broken > 0, "no session guarantee broken in " + SEEDS + " seeds of eventual reads");
    System.out.println("eventual reads without tokens: session guarantees broken in " + broken + " of " + SEEDS + " seeds");
  }

  /**
   * Follower reads at most 3 ticks (30 ms) stale: a read misses no write acknowledged more than
   * 3 + 1 ticks and one message delay (at most 20 ms here) before it began. Plain eventual reads
   * break that bound.
   */
  @Test
  void boundedStalenessReadsMissNoWriteOlderThanTheBound() {
    BoundedStaleness checker = BoundedStaleness.time(Duration.ofMillis(40 + 20), Versions.field("version"));
    // SEMI_SYNC(1) of three loses no acknowledged write: in ASYNC a write a failover discards is
    // missed by every later read, which no staleness bound can help.
    Simulation<Object, SimReplica> bounded = simulation(WriteMode.semiSync(1),
        new SimReplica.Sessions(ReadLevel.EVENTUAL, false, new Staleness(0, 3)));
    long reads = 0;
    for (long seed = 1; seed <= SEEDS; seed++) {
      Result r = bounded.run(seed).assertPassed();
      Verdict v = r.check(checker);
      String where = Result.reproduce(seed);
      assertTrue(v.isValid(), () -> where + ": " + v.render());
      reads += r.history().stream().filter(o -> o.f().equals("read") && o.type() == Op.Type.OK).count();
    }
    assertTrue(reads > SEEDS * 5L, "bounded reads were served: " + reads);
    Simulation<Object, SimReplica> eventual = simulation(WriteMode.semiSync(1), ReadLevel.EVENTUAL, false);
    int broken = 0;
    for (long seed = 1; seed <= SEEDS; seed++) {
      broken += eventual.run(seed).assertPassed().check(checker).isValid() ? 0 : 1;
    }
    assertTrue(broken > 0, "eventual reads kept the bound on every seed");
  }
}
