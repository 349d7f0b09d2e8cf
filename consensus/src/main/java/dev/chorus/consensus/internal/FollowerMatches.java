package dev.chorus.consensus.internal;

import dev.chorus.consensus.RaftMetrics;
import dev.chorus.consensus.Role;
import dev.chorus.consensus.raft.RaftCore;
import dev.chorus.consensus.raft.RaftMessage;
import java.util.HashMap;
import java.util.Map;

/**
 * The leader's matchIndex per follower (Figure 2), for metrics, learned from the followers'
 * acknowledgements as they pass through the node. The core keeps the same numbers, but does not
 * publish them.
 */
final class FollowerMatches {
  private final Map<String, Long> match = new HashMap<>();
  private long term;

  /** Notes an acknowledgement from {@code from}, once the core has taken it. */
  void observe(RaftCore core, String from, RaftMessage m) {
    if (core.role() != Role.LEADER || m.term() != core.term()) {
      return;
    }
    reset(core.term());
    if (m instanceof RaftMessage.AppendResponse r && r.success()) {
      match.merge(from, r.matchIndex(), Math::max);
    } else if (m instanceof RaftMessage.InstallSnapshotResponse r && r.installed()) {
      match.merge(from, r.index(), Math::max);
    }
  }

  /** Each other member's progress, if this node leads; else nothing. */
  Map<String, RaftMetrics.Follower> view(RaftCore core) {
    Map<String, RaftMetrics.Follower> view = new HashMap<>();
    if (core.role() == Role.LEADER) {
      reset(core.term());
      for (String member : core.membership().members()) {
        if (!member.equals(core.id())) {
          long m = match.getOrDefault(member, 0L);
          view.put(member, new RaftMetrics.Follower(m, Math.max(0, core.lastIndex() - m)));
        }
      }
    }
    return view;
  }

  private void reset(long currentTerm) {
    if (currentTerm != term) {
      match.clear();
      term = currentTerm;
    }
  }
}
