package dev.chorus.consensus;

/**
 * A request to a {@link RaftGroup} that did not succeed. Each subclass says whether the request
 * may have taken effect: {@link NotLeader} and {@link Unavailable} mean it certainly did not;
 * {@link Timeout} means the outcome is unknown.
 */
public abstract sealed class RaftGroupException extends RuntimeException permits NotLeader, Unavailable, Timeout {
  RaftGroupException(String message) {
    super(message);
  }

  /** Whether the request certainly did not take effect, so that it is safe to retry anywhere. */
  public abstract boolean certainlyNotApplied();
}
