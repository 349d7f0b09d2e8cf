package dev.chorus.replication.leaderfollower.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.core.Soak;
import dev.chorus.replication.leaderfollower.ReplicaRole;
import dev.chorus.replication.leaderfollower.ReplicationSettings;
import dev.chorus.replication.leaderfollower.WriteMode;
import dev.chorus.testkit.check.SetChecker;
import dev.chorus.testkit.check.Verdict;
import dev.chorus.testkit.history.Op;
import dev.chorus.testkit.sim.Clients;
import dev.chorus.testkit.sim.Command;
import dev.chorus.testkit.sim.Faults;
import dev.chorus.testkit.sim.Invariant;
import dev.chorus.testkit.sim.Result;
import dev.chorus.testkit.sim.SimView;
import dev.chorus.testkit.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The leader-follower store under the simulator: three replicas and a lease service, clients
 * adding unique elements, with crashes (that keep only completed writes), partitions, loss,
 * duplication and reordering. After every step: at most one leader per epoch. At the end, once
 * healed and converged, the final log is read and Jepsen's set check counts the acknowledged
 * adds it lacks.
 *
 * <ul>
 *   <li>SYNC and SEMI_SYNC(1) strict lose none, on every seed.
 *   <li>ASYNC loses some across the seeds, and on every seed the store's own count of lost
 *       acknowledged writes equals what the checker finds.
 * </ul>
 */
class ReplicationSimulationTest {
  private static final int SEEDS = Soak.choose(200, 2_000);

  /** What one run leaves behind: the converged leader's log and the store's lost-write count. */
  static final class Observer implements Invariant<SimReplica> {
    private final Map<Long, String> leaders = new HashMap<>();
    private final Map<String, Long> counted = new HashMap<>();
    private final Map<String, SimReplica> last = new HashMap<>();
    private SimReplica lastLeader;

    /** The store's own count: each replica's, which its restarts keep. */
    long lost() {
      return counted.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void check(SimView<SimReplica> view) {
      for (String id : view.nodeIds()) {
        SimReplica node = view.node(id).orElse(null);
        if (node == null || node.isService()) {
          continue;
        }
        last.put(id, node);
        ReplicaCore core = node.core();
        long earlier = counted.getOrDefault(id, 0L);
        if (core.lostAcknowledged() < earlier) {
          throw new AssertionError(id + " counted " + earlier + " lost writes, then " + core.lostAcknowledged()
              + ": a restart forgot some");
        }
        counted.put(id, core.lostAcknowledged());
        if (core.role() == ReplicaRole.LEADER) {
          String before = leaders.putIfAbsent(core.epoch(), id);
          if (before != null && !before.equals(id)) {
            throw new AssertionError("two leaders in epoch " + core.epoch() + ": " + before + " and " + id);
          }
          lastLeader = node;
        }
      }
    }
  }

  private static Observer observer;
  private static long epochs;

  private static Simulation<Object, SimReplica> simulation(WriteMode mode, Faults faults) {
    return simulation(mode, faults, false);
  }

  private static Simulation<Object, SimReplica> simulation(WriteMode mode, Faults faults, boolean switchovers) {
    return simulation(mode, faults, switchovers, 3);
  }

  /** {@code replicas} replicas and a lease service. */
  private static Simulation<Object, SimReplica> simulation(WriteMode mode, Faults faults, boolean switchovers,
      int replicas) {
    return simulation(new ReplicationSettings(mode, 10, 40, 16, 15, 20, 5), faults, switchovers, replicas,
        Duration.ofMillis(800), 0);
  }

  /** {@code replicas} replicas and a lease service; clients give up after {@code opTimeout}. */
  private static Simulation<Object, SimReplica> simulation(ReplicationSettings settings, Faults faults,
      boolean switchovers, int replicas, Duration opTimeout, int compactEvery) {
    return Simulation.<Object, SimReplica>builder(inc -> new SimReplica(inc, settings, null, switchovers,
        compactEvery))
        .nodes(replicas + 1)
        .faults(faults)
        // 63 random bits per element: unique in practice, and drawn from the run's seed.
        .clients(new Clients(3, (random, client) -> new Command("add", SimReplica.STORE,
            random.nextLong() & Long.MAX_VALUE), opTimeout, Duration.ofMillis(10)))
        .safetyPhase(Duration.ofSeconds(3))
        .livenessPhase(Duration.ofSeconds(10))
        .invariantPerRun(() -> observer = new Observer())
        .convergence(ReplicationSimulationTest::converged)
        .build();
  }

  /** One leader, every replica following it with the same log, all of it durable. */
  private static boolean converged(SimView<SimReplica> view) {
    ReplicaCore leader = null;
    List<ReplicaCore> all = new ArrayList<>();
    for (String id : view.nodeIds()) {
      SimReplica node = view.node(id).orElse(null);
      if (node == null) {
        return false;
      }
      if (!node.isService()) {
        all.add(node.core());
        leader = node.core().role() == ReplicaRole.LEADER ? node.core() : leader;
      }
    }
    if (leader == null) {
      return false;
    }
    for (ReplicaCore c : all) {
      if (c.epoch() != leader.epoch() || c.log().lastOffset() != leader.log().lastOffset()
          || c.highWatermark() < leader.log().lastOffset() && c != leader) {
        return false;
      }
    }
    return leader.highWatermark() == leader.log().lastOffset();
  }

  /**
   * The history, with the final log as the set's final read; every replica's log must be the
   * leader's: the same epoch at every offset, the same records where both hold them, and the same
   * elements in all (a compacted prefix's are its snapshot's).
   */
  private static Verdict check(Result r) {
    ReplicaCore leader = observer.lastLeader.core();
    EpochLog log = leader.log();
    List<Long> present = SimReplica.values(leader);
    observer.last.forEach((id, node) -> {
      EpochLog mine = node.core().log();
      String where = id + ", " + Result.reproduce(r.seed());
      assertEquals(log.lastOffset(), mine.lastOffset(), where);
      for (long o = 1; o <= log.lastOffset(); o++) {
        assertEquals(log.epochAt(o), mine.epochAt(o), where + " at offset " + o);
        if (o > Math.max(log.baseOffset(), mine.baseOffset())) {
          assertEquals(log.at(o), mine.at(o), where + " at offset " + o);
        }
      }
      assertEquals(present, SimReplica.values(node.core()), where);
    });
    List<Op> history = new ArrayList<>(r.history());
    long t = r.simulatedNanos() + 1;
    Op read = Op.client(999_999, Op.Type.INVOKE, "read", SimReplica.STORE, null, t, null);
    history.add(read);
    history.add(read.complete(Op.Type.OK, present, t + 1, null));
    return SetChecker.create().check(history);
  }

  private static int lostIn(Verdict v) {
    int lost = 0;
    for (var op : v.operations()) {
      lost += op.type() == Op.Type.OK && op.f().equals("add") ? 1 : 0;
    }
    return lost;
  }

  private static void noneLost(WriteMode mode) {
    noneLost(simulation(mode, Faults.everything()), mode);
  }

  private static void noneLost(Simulation<Object, SimReplica> sim, WriteMode mode) {
    long acked = 0;
    for (long seed = 1; seed <= SEEDS; seed++) {
      Result r = sim.run(seed).assertPassed();
      Verdict v = check(r);
      String where = mode + ", " + Result.reproduce(seed);
      assertTrue(v.isValid(), () -> where + ": " + v.render());
      assertEquals(0, observer.lost(), mode + " counted a lost write, " + Result.reproduce(seed));
      epochs += observer.leaders.size();
      acked += r.history().stream().filter(o -> o.type() == Op.Type.OK).count();
    }
    assertTrue(acked > SEEDS * 5L, "the clients got writes acknowledged: " + acked);
  }

  @Test
  void syncLosesNoAcknowledgedWrite() {
    noneLost(WriteMode.sync());
  }

  @Test
  void semiSyncWithOneFollowerOfThreeLosesNoAcknowledgedWrite() {
    noneLost(WriteMode.semiSync(1));
  }

  /**
   * A planned switchover hands over only once the target has everything, so without faults even
   * ASYNC loses nothing across many of them; under every fault SYNC still loses nothing.
   */
  @Test
  void plannedSwitchoversLoseNothing() {
    epochs = 0;
    noneLost(simulation(WriteMode.async(), Faults.none(), true), WriteMode.async());
    assertTrue(epochs > 2L * SEEDS, "leaders switched over: " + epochs + " epochs in " + SEEDS + " seeds");
    noneLost(simulation(WriteMode.sync(), Faults.everything(), true), WriteMode.sync());
  }

  @Test
  void asyncLosesAcknowledgedWritesAndCountsExactlyThose() {
    countsExactly(simulation(WriteMode.async(), Faults.everything()), "ASYNC");
  }

  /** Semi-sync with fewer followers than half the others: acknowledged below a majority, counted. */
  @Test
  void semiSyncWithOneFollowerOfFiveLosesSomeAndCountsExactlyThose() {
    countsExactly(simulation(WriteMode.semiSync(1), Faults.everything(), false, 5), "SEMI_SYNC(1) of 5");
  }

  /**
   * Downgrading semi-sync: what was acknowledged as async after the timeout is counted when lost.
   * The store counts what it acknowledged; a client that gave up first saw only "unknown", so
   * these clients wait 3 s, longer than any acknowledgement takes here.
   */
  @Test
  void downgradedWritesAreCountedExactlyWhenLost() {
    WriteMode mode = WriteMode.semiSync(1).downgrading();
    ReplicationSettings settings = new ReplicationSettings(mode, 10, 5, 16, 15, 20, 5);
    Simulation<Object, SimReplica> sim = simulation(settings, Faults.everything(), false, 3, Duration.ofSeconds(3), 0);
    countsExactly(sim, "SEMI_SYNC(1) downgrading");
  }

  /**
   * Replicas compact every 4 stable records, and replicas that fell behind catch up from the
   * snapshot plus the tail, under every fault: SEMI_SYNC(1) still loses nothing, ASYNC still
   * counts exactly what it loses, and every replica ends with the leader's elements.
   */
  @Test
  void compactingReplicasKeepEveryPromise() {
    ReplicationSettings semi = new ReplicationSettings(WriteMode.semiSync(1), 10, 40, 16, 15, 20, 5);
    noneLost(simulation(semi, Faults.everything(), false, 3, Duration.ofMillis(800), 4), semi.mode());
    ReplicationSettings async = new ReplicationSettings(WriteMode.async(), 10, 40, 16, 15, 20, 5);
    countsExactly(simulation(async, Faults.everything(), false, 3, Duration.ofMillis(800), 4), "ASYNC compacting");
  }

  private static void countsExactly(Simulation<Object, SimReplica> sim, String what) {
    long lostOverall = 0;
    for (long seed = 1; seed <= SEEDS; seed++) {
      Result r = sim.run(seed).assertPassed();
      Verdict v = check(r);
      long missing = v.isValid() ? 0 : lostIn(v);
      assertEquals(missing, observer.lost(), "the store's count against the checker's, " + Result.reproduce(seed)
          + "\n" + v.render());
      lostOverall += missing;
    }
    assertTrue(lostOverall > 0, what + " lost no acknowledged write in " + SEEDS + " seeds");
    System.out.println(what + ": " + lostOverall + " acknowledged writes lost in " + SEEDS + " seeds, each counted");
  }
}
