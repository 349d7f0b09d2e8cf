package dev.chorus.consensus;

import java.util.Objects;
import java.util.Optional;

/**
 * This member does not lead its group, or the command was overwritten by a new leader's log
 * before it committed (§5.3): the request was <b>certainly not applied</b>. Retry at the leader
 * the hint names, if any.
 */
public final class NotLeader extends RaftGroupException {
  private final String group;
  private final Optional<String> leaderHint;

  /**
   * @param group the group's name
   * @param leaderHint the node id the answering member believes leads (or is taking over)
   */
  public NotLeader(String group, Optional<String> leaderHint) {
    super("not the leader of raft group " + group + leaderHint.map(h -> "; try " + h).orElse(""));
    this.group = Objects.requireNonNull(group, "group");
    this.leaderHint = Objects.requireNonNull(leaderHint, "leaderHint");
  }

  /** The group's name. */
  public String group() {
    return group;
  }

  /** The node id of the member believed to lead, if the answering member knows one. */
  public Optional<String> leaderHint() {
    return leaderHint;
  }

  @Override
  public boolean certainlyNotApplied() {
    return true;
  }
}
