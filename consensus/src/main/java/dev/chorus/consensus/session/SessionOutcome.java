package dev.chorus.consensus.session;

/** What applying a {@link SessionCommand} came to. */
public sealed interface SessionOutcome {
  /** A new session, whose id is {@code clientId}. */
  record Registered(long clientId) implements SessionOutcome {}

  /** Applied now; {@code result} is the user's encoded result. */
  record Applied(byte[] result) implements SessionOutcome {}

  /** A retry of a command already applied: its stored result, and nothing applied again. */
  record Duplicate(byte[] result) implements SessionOutcome {}

  /**
   * The session is unknown: it expired (or never existed). The command was not applied, and
   * whether an earlier attempt of it was cannot be told any more; the client must register again.
   */
  record SessionExpired(long clientId) implements SessionOutcome {}

  /**
   * A retry of a command whose result the client already acknowledged: it was applied once, and
   * its result is gone. Not applied again.
   */
  record AlreadyAcknowledged(long clientId, long sequence) implements SessionOutcome {}
}
