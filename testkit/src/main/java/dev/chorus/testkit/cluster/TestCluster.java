package dev.chorus.testkit.cluster;

import dev.chorus.core.MemberView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a test can do to a cluster under test, whether its nodes are JVMs of their own
 * ({@link JvmCluster}) or actor systems in the test's JVM ({@link LocalCluster}). Nodes are
 * numbered from 0; their ids are {@code n1..nN}.
 */
public interface TestCluster extends AutoCloseable {
  /** The number of nodes. */
  int size();

  /** The stable id of node {@code i}. */
  String nodeId(int i);

  /** Crashes node {@code i} at once (SIGKILL, or terminating its actor system without leaving). */
  void kill(int i);

  /** Stops node {@code i} gracefully; it stays down until {@link #restart}. */
  void stop(int i);

  /** Starts node {@code i} again with the same id, port and data directory. */
  void restart(int i);

  /**
   * Freezes node {@code i} (SIGSTOP).
   *
   * @throws UnsupportedOperationException where the node has no process of its own
   */
  void pause(int i);

  /** Unfreezes node {@code i} (SIGCONT). */
  void resume(int i);

  /** Cuts every link between nodes of different groups; every node must be in exactly one group. */
  void partition(List<Set<Integer>> groups);

  /** Cuts the given links both ways: node {@code i} loses every node in {@code cuts.get(i)}. */
  void cut(Map<Integer, Set<Integer>> cuts);

  /** Restores every cut link. */
  void heal();

  /** Shifts node {@code i}'s physical clock by {@code offset}. */
  void skewClock(int i, Duration offset);

  /**
   * Makes node {@code i}'s monotonic clock run at {@code rate} (1: its true rate), which its hosts
   * count ticks, timeouts and leases on (docs/architecture.md, "Clocks").
   */
  void clockRate(int i, double rate);

  /** The members node {@code i} sees now. */
  List<MemberView> members(int i);

  /** Stops every node and waits for all of them. */
  @Override
  void close();
}
