package dev.chorus.consensus.session;

/**
 * What applying a {@link SessionCommand} came to.
 *
 * @param <R> the user's results
 */
public sealed interface SessionOutcome<R> {
  /** A new session, whose id is {@code clientId}. */
  record Registered<R>(long clientId) implements SessionOutcome<R> {}

  /** Applied now (or a query answered); {@code result} is the user's result. */
  record Applied<R>(R result) implements SessionOutcome<R> {}

  /** A retry of a command already applied: its stored result, and nothing applied again. */
  record Duplicate<R>(R result) implements SessionOutcome<R> {}

  /**
   * The session is unknown: it expired (or never existed). The command was not applied, and
   * whether an earlier attempt of it was cannot be told any more; the client must register again.
   */
  record SessionExpired<R>(long clientId) implements SessionOutcome<R> {}

  /**
   * A retry of a command whose result the client already acknowledged: it was applied once, and
   * its result is gone. Not applied again.
   */
  record AlreadyAcknowledged<R>(long clientId, long sequence) implements SessionOutcome<R> {}
}
