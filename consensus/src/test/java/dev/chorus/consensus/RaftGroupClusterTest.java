package dev.chorus.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.chorus.core.ChorusNode;
import dev.chorus.core.ConsistencyLevel;
import dev.chorus.testkit.check.LinearizabilityChecker;
import dev.chorus.testkit.check.Models;
import dev.chorus.testkit.check.Verdict;
import dev.chorus.testkit.cluster.LocalCluster;
import dev.chorus.testkit.history.Op;
import dev.chorus.testkit.junit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One register group on a real three-node Pekko cluster (three actor systems in this JVM, Artery
 * on loopback, the file journal in each node's data directory), under a partition that isolates
 * the leader and then a crash and restart of the leader's node. Clients keep reading (in every
 * linearizable mode), writing and compare-and-setting throughout; the majority side keeps
 * answering, and the whole history is linearizable. The group is started from configuration
 * ({@code chorus.consensus.groups}). Timeouts only guard against a hang.
 */
class RaftGroupClusterTest {
  private static final String GROUP = "register";
  private static final Duration HANG = Duration.ofSeconds(60);
  private static final int CLIENTS = 4;
  private static final Set<Integer> ALL = Set.of(0, 1, 2);

  @TempDir Path dataDir;

  @Test
  void theMajoritySideKeepsAnsweringAndTheHistoryIsLinearizable() throws Exception {
    try (LocalCluster cluster = LocalCluster.start(3, dataDir, ConfigFactory.parseString("""
        pekko.loglevel = WARNING
        # A killed node's links are cut, so its leaving cannot complete: do not wait long for it.
        pekko.coordinated-shutdown.phases.cluster-exiting.timeout = 1s
        # The group, from configuration: its members, and shorter timings than production's.
        chorus.consensus.groups.register {
          members = [n1, n2, n3]
          tick-interval = 50ms
          request-timeout = 2s
          snapshot-entries = 50
          snapshot-retained-entries = 0
        }
        """))) {
      cluster.awaitAllUp(HANG);
      Members members = new Members(cluster);
      List<Op> history = Collections.synchronizedList(new ArrayList<>());
      AtomicBoolean running = new AtomicBoolean(true);
      long start = System.nanoTime();
      List<Thread> clients = startClients(members, history, running, start);
      try {
        int leader = members.awaitLeader(Set.of(0, 1, 2));
        awaitSubmits(history, ALL, 10);

        Set<Integer> majority = others(leader);
        nemesis(history, start, "start-isolate", cluster.nodeId(leader));
        cluster.partition(List.of(Set.of(leader), majority));
        int newLeader = members.awaitLeader(majority);
        awaitSubmits(history, majority, 10);
        cluster.heal();
        nemesis(history, start, "stop-isolate", cluster.nodeId(leader));
        assertTrue(newLeader != leader, "the majority elected a leader of its own");

        int current = members.awaitLeader(ALL);
        nemesis(history, start, "start-kill", cluster.nodeId(current));
        cluster.kill(current);
        members.awaitLeader(others(current));
        awaitSubmits(history, others(current), 10);
        cluster.restart(current);
        nemesis(history, start, "stop-kill", cluster.nodeId(current));
        members.awaitLeader(Set.of(0, 1, 2));
        awaitSubmits(history, ALL, 10);
      } finally {
        running.set(false);
        for (Thread t : clients) {
          t.join(HANG.toMillis());
        }
      }
      members.awaitSameState();
      Verdict verdict = new LinearizabilityChecker(Models.casRegister()).check(List.copyOf(history));
      assertTrue(verdict.isValid(), verdict.render());
      members.stopAll();
    }
  }

  private static void nemesis(List<Op> history, long start, String f, String node) {
    history.add(Op.nemesis(f, node, System.nanoTime() - start));
  }

  private static List<Thread> startClients(Members members, List<Op> history, AtomicBoolean running, long start) {
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      RegisterClient client = new RegisterClient(c, CLIENTS, 3, members::member, history, start);
      Thread t = new Thread(() -> {
        try {
          while (running.get()) {
            client.step();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "register-client-" + c);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    return threads;
  }

  /**
   * Waits until {@code count} more writes or compare-and-sets complete ok, served by members on
   * {@code nodes}: those nodes keep committing.
   */
  private static void awaitSubmits(List<Op> history, Set<Integer> nodes, int count) throws Exception {
    int from = history.size();
    Await.until(count + " submits on " + nodes + " completed ok", HANG,
        () -> submitsSince(history, from, nodes) >= count, () -> submitsSince(history, from, nodes) + " of them");
  }

  private static long submitsSince(List<Op> history, int from, Set<Integer> nodes) {
    synchronized (history) {
      return history.subList(from, history.size()).stream()
          .filter(o -> o.type() == Op.Type.OK && !o.f().equals("read") && o.node() != null)
          .filter(o -> nodes.contains(Integer.parseInt(o.node().substring(1)) - 1))
          .count();
    }
  }

  private static Set<Integer> others(int i) {
    Set<Integer> rest = new java.util.HashSet<>(Set.of(0, 1, 2));
    rest.remove(i);
    return rest;
  }

  /** The group's member on each node's current incarnation, started on it when it is new. */
  private static final class Members {
    private final LocalCluster cluster;
    private final ChorusNode[] nodes = new ChorusNode[3];
    private final List<RaftGroup<String, String, String>> groups = new ArrayList<>(List.of());

    Members(LocalCluster cluster) {
      this.cluster = cluster;
      for (int i = 0; i < 3; i++) {
        groups.add(null);
      }
    }

    synchronized RaftGroup<String, String, String> member(int i) {
      ChorusNode node = cluster.node(i);
      if (node.whenTerminated().toCompletableFuture().isDone()) {
        return null;
      }
      if (nodes[i] != node) {
        nodes[i] = node;
        groups.set(i, RaftGroups.start(node, GROUP, RegisterMachine::new, LogMachine.CODECS));
      }
      return groups.get(i);
    }

    /** Waits until the members on {@code among} agree on a leader among them; its index. */
    int awaitLeader(Set<Integer> among) throws Exception {
      Set<String> seen = new java.util.HashSet<>();
      return Await.value("a leader among " + among + " that they all see", HANG, () -> {
        seen.clear();
        Role leaderRole = null;
        for (int i : among) {
          RaftMetrics m = GroupFixture.get(member(i).metrics());
          seen.add(m.leader().orElse("none"));
          if (m.role() == Role.LEADER) {
            leaderRole = m.role();
          }
        }
        String leader = seen.iterator().next();
        boolean agreed = seen.size() == 1 && leaderRole != null
            && among.contains(Integer.parseInt(leader.substring(1)) - 1);
        return agreed ? Optional.of(Integer.parseInt(leader.substring(1)) - 1) : Optional.empty();
      }, seen::toString);
    }

    /** Waits until every member's register state is the same, read without any check. */
    void awaitSameState() throws Exception {
      Set<String> states = new java.util.HashSet<>();
      Await.until("the members to converge", HANG, () -> {
        states.clear();
        for (int i = 0; i < 3; i++) {
          RaftGroup<String, String, String> g = member(i);
          states.add(GroupFixture.get(g.query("read x", ConsistencyLevel.EVENTUAL)) + "/"
              + GroupFixture.get(g.query("read y", ConsistencyLevel.EVENTUAL)) + "/"
              + GroupFixture.get(g.metrics()).appliedIndex());
        }
        return states.size() == 1;
      }, states::toString);
    }

    void stopAll() {
      for (int i = 0; i < 3; i++) {
        RaftGroup<String, String, String> g = member(i);
        if (g != null) {
          GroupFixture.get(g.stop());
        }
      }
    }
  }
}
