package dev.chorus.consensus.session;

import java.util.Objects;

/**
 * What a client puts in the log when it wants exactly-once semantics (thesis §6.3): first it
 * registers, and gets a client id; then each command carries that id and a sequence number, so
 * that a retry after a timeout or a leader change is recognised and answered from the stored
 * result instead of being applied twice.
 *
 * <p>Each entry also carries the leader's clock reading when it was proposed. Sessions expire by
 * that time, read from the log, so every node expires the same sessions at the same index.
 */
public sealed interface SessionCommand {
  /** The leader's clock when it proposed this entry, milliseconds. */
  long leaderMillis();

  /** Opens a session; the result is the new client id (the entry's log index). */
  record Register(long leaderMillis) implements SessionCommand {}

  /**
   * A command of a registered client.
   *
   * @param clientId from {@link Register}
   * @param sequence 1, 2, 3... per client; a retry repeats its number
   * @param acknowledgedBelow every result below this sequence number has reached the client, so
   *     its stored copy may be dropped
   * @param command the user's command, encoded
   */
  record Invoke(long clientId, long sequence, long acknowledgedBelow, byte[] command, long leaderMillis)
      implements SessionCommand {
    /** Validates. */
    public Invoke {
      if (sequence < 1 || acknowledgedBelow > sequence) {
        throw new IllegalArgumentException("need 1 <= sequence and acknowledgedBelow <= sequence, got "
            + sequence + " and " + acknowledgedBelow);
      }
      Objects.requireNonNull(command, "command");
    }
  }
}
