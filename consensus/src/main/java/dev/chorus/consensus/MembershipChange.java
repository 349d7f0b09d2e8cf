package dev.chorus.consensus;

import java.util.Objects;

/**
 * One single-server membership change (thesis §4.1).
 *
 * @param kind what happens to {@code node}
 * @param node the server's id
 */
public record MembershipChange(Kind kind, String node) {
  /** The kinds of change. */
  public enum Kind {
    /** Add a non-voting member that receives the log. */
    ADD_LEARNER,
    /** Add a voter (or turn a learner into one). */
    ADD_VOTER,
    /** Turn a learner, caught up, into a voter. */
    PROMOTE,
    /** Remove a voter or a learner; removing the leader makes it step down once committed. */
    REMOVE
  }

  /** Requires both. */
  public MembershipChange {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(node, "node");
  }
}
