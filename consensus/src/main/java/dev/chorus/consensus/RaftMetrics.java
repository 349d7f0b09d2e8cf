package dev.chorus.consensus;

import dev.chorus.core.ChorusSerializable;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One member's view of its Raft group, at one moment.
 *
 * @param group the group's name
 * @param node this member's node id
 * @param term the current term (§5.1)
 * @param role this member's role
 * @param leader the leader it knows of in this term, if any
 * @param commitIndex the highest log index known committed (§5.3)
 * @param appliedIndex the highest log index applied to the state machine here (§5.3)
 * @param lastIndex the index of the last entry in this member's log, durable or not
 * @param voters the voters of the latest configuration in this member's log (thesis §4.1)
 * @param learners the learners of that configuration
 * @param followers on the leader, each other member's replication progress; empty elsewhere
 */
public record RaftMetrics(String group, String node, long term, Role role, Optional<String> leader,
    long commitIndex, long appliedIndex, long lastIndex, Set<String> voters, Set<String> learners,
    Map<String, Follower> followers) implements ChorusSerializable {
  /** Copies, sorted. */
  public RaftMetrics {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(leader, "leader");
    voters = Set.copyOf(new TreeSet<>(voters));
    learners = Set.copyOf(new TreeSet<>(learners));
    followers = Map.copyOf(new TreeMap<>(followers));
  }

  /**
   * The leader's view of one follower (Figure 2's matchIndex).
   *
   * @param matchIndex the highest index known to be durable in the follower's log and to match
   *     the leader's (0 until it has acknowledged anything this term)
   * @param lag how many entries of the leader's log the follower is behind: lastIndex - matchIndex
   */
  public record Follower(long matchIndex, long lag) {}
}
