package dev.chorus.consensus;

import java.time.Duration;

/**
 * No answer within the request timeout, or the member stopped before it learned the outcome: the
 * <b>outcome is unknown</b>. A command may have been applied, or may still be applied later;
 * retry only if the command is idempotent, or read to find out.
 */
public final class Timeout extends RaftGroupException {
  /** After {@code timeout}, or for the {@code reason} given. */
  public Timeout(String group, String reason) {
    super("raft group " + group + ": outcome unknown (" + reason + ")");
  }

  /** No answer within {@code timeout}. */
  public static Timeout after(String group, Duration timeout) {
    return new Timeout(group, "no answer within " + timeout);
  }

  @Override
  public boolean certainlyNotApplied() {
    return false;
  }
}
