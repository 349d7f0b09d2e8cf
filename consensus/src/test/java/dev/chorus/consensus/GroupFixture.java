package dev.chorus.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;

/**
 * The members of one Raft group of {@link LogMachine}s, all in one actor system: start, stop and
 * restart them by node id, and wait for what every test needs. Timeouts only guard against a hang.
 */
final class GroupFixture {
  static final Duration HANG = Duration.ofSeconds(30);

  private final ActorTestKit kit;
  private final String name;
  private final Set<String> founders;
  private final RaftGroupSettings settings;
  private final Map<String, RaftGroup<String, String, String>> members = new TreeMap<>();
  private final Map<String, List<LogMachine>> machines = new ConcurrentHashMap<>();

  GroupFixture(ActorTestKit kit, String name, Set<String> founders, RaftGroupSettings settings) {
    this.kit = kit;
    this.name = name;
    this.founders = Set.copyOf(founders);
    this.settings = settings;
  }

  /** Starts every founder. */
  GroupFixture startAll() {
    founders.forEach(this::start);
    return this;
  }

  /** Starts (or restarts) the founder {@code id}. */
  RaftGroup<String, String, String> start(String id) {
    RaftGroup<String, String, String> g = RaftGroups.start(kit.system(), id, name, founders, machineFor(id),
        LogMachine.CODECS, settings);
    members.put(id, g);
    return g;
  }

  /** Starts {@code id} as a member that waits to be added. */
  RaftGroup<String, String, String> join(String id) {
    RaftGroup<String, String, String> g = RaftGroups.join(kit.system(), id, name, machineFor(id), LogMachine.CODECS,
        settings);
    members.put(id, g);
    return g;
  }

  private Supplier<LogMachine> machineFor(String id) {
    return () -> {
      LogMachine m = new LogMachine();
      machines.computeIfAbsent(id, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(m);
      return m;
    };
  }

  /** Stops {@code id} and waits until it and its log have stopped. */
  void stop(String id) {
    get(members.remove(id).stop());
  }

  void stopAll() {
    new ArrayList<>(members.keySet()).forEach(this::stop);
  }

  RaftGroup<String, String, String> member(String id) {
    return members.get(id);
  }

  Set<String> running() {
    return Set.copyOf(members.keySet());
  }

  /** The latest state machine of {@code id}. */
  LogMachine machine(String id) {
    List<LogMachine> all = machines.get(id);
    return all.get(all.size() - 1);
  }

  /** Every state machine {@code id} had, oldest first. */
  List<LogMachine> machines(String id) {
    return List.copyOf(machines.get(id));
  }

  RaftMetrics metrics(String id) {
    return get(members.get(id).metrics());
  }

  /** Waits until the running members agree on one leader that knows it leads; its id. */
  String awaitLeader() {
    TestProbe<Object> probe = kit.createTestProbe();
    return probe.awaitAssert(HANG, Duration.ofMillis(50), () -> {
      Set<String> seen = new java.util.HashSet<>();
      for (String id : members.keySet()) {
        seen.add(metrics(id).leader().orElse("none"));
      }
      assertEquals(1, seen.size(), "one leader for all: " + seen);
      String leader = seen.iterator().next();
      assertTrue(members.containsKey(leader), "the leader runs: " + leader);
      assertEquals(Role.LEADER, metrics(leader).role());
      return leader;
    });
  }

  /** A running member other than {@code leader}. */
  String follower(String leader) {
    return members.keySet().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
  }

  /**
   * Hands leadership from the leader to one of its followers, and returns that follower once the
   * old leader has seen it lead. When an election moved leadership before the transfer arrived
   * (the old leader answers {@link NotLeader}), the transfer is asked again of the new leader.
   */
  String transferToAFollower() {
    long deadline = System.nanoTime() + HANG.toNanos();
    while (true) {
      String leader = awaitLeader();
      String target = follower(leader);
      try {
        get(member(leader).transferLeadership(target));
        return target;
      } catch (NotLeader e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }

  /**
   * Submits {@code command} at the leader, riding out elections: retried only when it was
   * certainly not applied, so that it is applied once.
   */
  String submit(String command) {
    long deadline = System.nanoTime() + HANG.toNanos();
    while (true) {
      try {
        return get(member(awaitLeader()).submit(command));
      } catch (RaftGroupException e) {
        if (!e.certainlyNotApplied() || System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }

  /** Waits until every running member's state machine holds {@code expected}. */
  void awaitEveryMemberHolds(List<String> expected) {
    kit.createTestProbe().awaitAssert(HANG, Duration.ofMillis(50), () -> {
      for (String id : members.keySet()) {
        assertEquals(expected, machine(id).commands(), id + " holds every command, in order");
      }
      return null;
    });
  }

  /** Waits until {@code check} passes. */
  void eventually(Runnable check) {
    kit.createTestProbe().awaitAssert(HANG, Duration.ofMillis(50), () -> {
      check.run();
      return null;
    });
  }

  /** The stage's value, or its failure's cause, rethrown as is. */
  static <T> T get(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(HANG.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new AssertionError(e.getCause());
    } catch (Exception e) {
      throw new AssertionError("no answer within " + HANG, e);
    }
  }

  /** The stage's failure; an AssertionError if it succeeded. */
  static Throwable failure(CompletionStage<?> stage) {
    try {
      Object value = stage.toCompletableFuture().get(HANG.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("expected a failure, got " + value);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError("no answer within " + HANG, e);
    }
  }
}
