package dev.chorus.consensus.internal;

import dev.chorus.consensus.RaftMetrics;
import dev.chorus.consensus.Role;
import dev.chorus.core.metrics.MemberGauges;
import dev.chorus.core.metrics.MemberGauges.Stat;
import dev.chorus.core.metrics.MetricsRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A member's numbers in the node's {@link MetricsRegistry} ({@code GET /metrics}), labelled by
 * group and node: its role, term, commit, applied and last index, and on the leader each
 * follower's match index and lag. Published from the actor once per tick, so a scrape sees
 * values at most a tick old.
 */
final class RaftGauges {
  private static final String FOLLOWER = "follower";
  private static final List<Stat<RaftMetrics>> STATS = List.of(
      new Stat<>("term", "The member's current term (Raft section 5.1)", RaftMetrics::term),
      new Stat<>("commit_index", "The highest log index the member knows committed", RaftMetrics::commitIndex),
      new Stat<>("applied_index", "The highest log index applied to the state machine here",
          RaftMetrics::appliedIndex),
      new Stat<>("last_index", "The index of the last entry in the member's log", RaftMetrics::lastIndex));
  private final MemberGauges gauges;
  private final Set<String> followers = new HashSet<>();

  RaftGauges(MetricsRegistry registry, String group, String node) {
    gauges = new MemberGauges(registry, "chorus_raft", List.of("group", "node"), List.of(group, node));
  }

  void publish(RaftMetrics m) {
    gauges.role("1 for the member's current role, 0 for the others", Role.values(), m.role());
    gauges.setAll(m, STATS);
    for (String gone : Set.copyOf(followers)) {
      if (!m.followers().containsKey(gone)) {
        gauges.removePeer("follower_match_index", gone);
        gauges.removePeer("follower_lag_entries", gone);
        followers.remove(gone);
      }
    }
    m.followers().forEach((id, f) -> {
      followers.add(id);
      gauges.setForPeer("follower_match_index", "On the leader: the highest index known to match in each "
          + "follower's log", FOLLOWER, id, f.matchIndex());
      gauges.setForPeer("follower_lag_entries", "On the leader: how many entries each follower is behind its log",
          FOLLOWER, id, f.lag());
    });
  }

  /** Forgets every number of this member: it stopped. */
  void remove() {
    gauges.remove();
  }
}
