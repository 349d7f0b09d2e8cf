package dev.chorus.consensus.session;

import dev.chorus.consensus.LeaderTime;

import java.util.Objects;

/**
 * What a client puts in the log when it wants exactly-once semantics (thesis §6.3): first it
 * registers, and gets a client id; then each command carries that id and a sequence number, so
 * that a retry after a timeout or a leader change is recognised and answered from the stored
 * result instead of being applied twice. A {@link Plain} command belongs to no session and is
 * applied each time it is submitted.
 *
 * <p>Session entries carry the {@link LeaderTime} of the leader that appended them, which the
 * leader's host writes in ({@link SessionMachine#stampLeaderTime}); whatever the submitter put
 * there is overwritten. Sessions expire by that time, read from the log, so every node expires
 * the same sessions at the same index, and the submitter's clock plays no part.
 */
public sealed interface SessionCommand {
  /** Opens a session; the result is the new client id (the entry's log index). */
  record Register(LeaderTime at) implements SessionCommand {
    /** A registration for the leader to stamp. */
    public Register() {
      this(LeaderTime.UNSTAMPED);
    }

    /** Requires the time. */
    public Register {
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * A command of a registered client.
   *
   * @param clientId from {@link Register}
   * @param sequence 1, 2, 3... per client; a retry repeats its number
   * @param acknowledgedBelow every result below this sequence number has reached the client, so
   *     its stored copy may be dropped
   * @param command the user's command, encoded
   * @param at when the leader appended it
   */
  record Invoke(long clientId, long sequence, long acknowledgedBelow, byte[] command, LeaderTime at)
      implements SessionCommand {
    /** A command for the leader to stamp. */
    public Invoke(long clientId, long sequence, long acknowledgedBelow, byte[] command) {
      this(clientId, sequence, acknowledgedBelow, command, LeaderTime.UNSTAMPED);
    }

    /** Validates. */
    public Invoke {
      if (sequence < 1 || acknowledgedBelow > sequence) {
        throw new IllegalArgumentException("need 1 <= sequence and acknowledgedBelow <= sequence, got "
            + sequence + " and " + acknowledgedBelow);
      }
      Objects.requireNonNull(command, "command");
      Objects.requireNonNull(at, "at");
    }
  }

  /** A user command outside any session: applied each time it is submitted, as without sessions. */
  record Plain(byte[] command) implements SessionCommand {
    /** Requires the command. */
    public Plain {
      Objects.requireNonNull(command, "command");
    }
  }
}
