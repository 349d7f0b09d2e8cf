package dev.chorus.consensus;

import java.util.Objects;

/**
 * The request could not be taken: no leader is known (an election is under way, or this member
 * is on the minority side of a partition), or the group's member is stopped. The request was
 * <b>certainly not applied</b>; retry later, or elsewhere.
 */
public final class Unavailable extends RaftGroupException {
  private final String reason;

  /** With the reason, for example "no leader known". */
  public Unavailable(String group, String reason) {
    super("raft group " + group + " is unavailable: " + reason);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Why the request could not be taken. */
  public String reason() {
    return reason;
  }

  @Override
  public boolean certainlyNotApplied() {
    return true;
  }
}
