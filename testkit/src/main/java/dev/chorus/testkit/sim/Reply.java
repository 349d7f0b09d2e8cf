package dev.chorus.testkit.sim;

import java.util.Objects;
import java.util.Optional;

/**
 * A node's answer to a client request, which the simulated client records in the history.
 */
public sealed interface Reply {
  /**
   * It took effect; recorded as {@code ok} with {@code value}. By Jepsen's convention a read
   * returns what it read (null for never written) and a write or cas returns its own value.
   */
  record Ok(Object value) implements Reply {}

  /** It certainly did not take effect (a cas that did not swap, a rejected request): {@code fail}. */
  record Fail(String reason) implements Reply {
    /** Requires a reason. */
    public Fail {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * This node cannot serve it and did not apply it; the client tries {@code leaderHint}, or another
   * node when there is none, until its operation times out.
   */
  record NotLeader(Optional<String> leaderHint) implements Reply {
    /** Requires a hint or an explicit empty one. */
    public NotLeader {
      Objects.requireNonNull(leaderHint, "leaderHint");
    }
  }

  /** The outcome is unknown (for example leadership was lost after proposing): {@code info}. */
  record Unknown(String reason) implements Reply {
    /** Requires a reason. */
    public Unknown {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** It took effect with {@code value}. */
  static Reply ok(Object value) {
    return new Ok(value);
  }

  /** It certainly did not take effect. */
  static Reply fail(String reason) {
    return new Fail(reason);
  }

  /** Not served here; try {@code leaderId}. */
  static Reply notLeader(String leaderId) {
    return new NotLeader(Optional.of(leaderId));
  }

  /** Not served here; no idea where. */
  static Reply notLeader() {
    return new NotLeader(Optional.empty());
  }
}
