package dev.chorus.consensus.session;

/**
 * What an exactly-once client sends with each write of its session (thesis §6.3).
 *
 * @param clientId the id its registration returned
 * @param sequence 1, 2, 3... one per command; a retry of a command repeats its number
 * @param acknowledgedBelow the lowest sequence number whose answer the client has not yet seen:
 *     the session keeps only the results of this one and later, which it may still be asked for
 */
public record ClientSequence(long clientId, long sequence, long acknowledgedBelow) {
  /** Validates. */
  public ClientSequence {
    if (sequence < 1 || acknowledgedBelow < 1 || acknowledgedBelow > sequence) {
      throw new IllegalArgumentException("a session's sequence numbers start at 1, and the lowest one not yet "
          + "answered is at most the one sent, got sequence " + sequence + " and acknowledged-below " + acknowledgedBelow);
    }
  }

  /** The session command that carries {@code command} (encoded) for the leader to stamp. */
  public SessionCommand.Invoke invoke(byte[] command) {
    return new SessionCommand.Invoke(clientId, sequence, acknowledgedBelow, command);
  }
}
