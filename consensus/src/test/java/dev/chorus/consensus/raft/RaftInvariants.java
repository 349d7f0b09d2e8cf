package dev.chorus.consensus.raft;

import dev.chorus.consensus.Role;
import dev.chorus.testkit.sim.Invariant;
import dev.chorus.testkit.sim.SimView;
import java.util.HashMap;
import java.util.Map;

/**
 * Raft's safety properties (Figure 3), checked after every simulated step, apart from the code
 * under test: one per run, since it remembers what it has seen.
 * <ul>
 *   <li>Election Safety: at most one leader per term.
 *   <li>Leader Completeness and State Machine Safety: once an entry is committed at an index, no
 *       node ever commits or applies a different entry there.
 * </ul>
 */
final class RaftInvariants implements Invariant<SimRaftNode> {
  private final Map<Long, String> leaders = new HashMap<>();
  private final Map<Long, Entry> committed = new HashMap<>();
  private final Map<String, SimRaftNode> incarnation = new HashMap<>();
  private final Map<String, Long> checkedUpTo = new HashMap<>();

  @Override
  public void check(SimView<SimRaftNode> view) {
    for (String id : view.nodeIds()) {
      view.node(id).ifPresent(node -> check(id, node));
    }
  }

  private void check(String id, SimRaftNode node) {
    RaftCore core = node.core();
    if (core.role() == Role.LEADER) {
      String other = leaders.putIfAbsent(core.term(), id);
      if (other != null && !other.equals(id)) {
        throw new AssertionError("Election Safety: " + other + " and " + id + " both lead term " + core.term());
      }
    }
    if (incarnation.get(id) != node) {
      incarnation.put(id, node);
      checkedUpTo.put(id, 0L);
    }
    long from = Math.max(checkedUpTo.get(id), node.restoredUpTo()) + 1;
    for (long i = from; i <= core.appliedIndex(); i++) {
      Entry e = node.applied().get(i);
      if (e == null) {
        throw new AssertionError(id + " applied up to " + core.appliedIndex() + " but never applied " + i);
      }
      Entry before = committed.putIfAbsent(i, e);
      if (before != null && !before.equals(e)) {
        throw new AssertionError("State Machine Safety: " + id + " applied " + e + " at " + i
            + " where " + before + " was committed");
      }
    }
    checkedUpTo.put(id, core.appliedIndex());
  }
}
