package dev.chorus.replication.leaderfollower.protocol;

import java.util.Objects;

/**
 * One entry of the replication log.
 *
 * @param epoch the leader epoch (its fencing token) in which it was written
 * @param offset its position, from 1
 * @param operation the write, an immutable value
 * @param async whether it was acknowledged as soon as the leader had it durably ({@code ASYNC},
 *     or a downgraded write): such a record dropped by a failover was an acknowledged write lost
 */
public record LogRecord(long epoch, long offset, Object operation, boolean async) {
  /**
   * The operation of the record a new leader writes first in its epoch, as Raft's no-op (§8): it
   * puts the epoch into the log at once, so that a replica that has it is more advanced than any
   * that does not, and a later recovery cannot prefer a log that missed this epoch.
   */
  public enum EpochStart { INSTANCE }

  /** Validates. */
  public LogRecord {
    if (epoch < 1 || offset < 1) {
      throw new IllegalArgumentException("epoch and offset start at 1, got " + epoch + "/" + offset);
    }
    Objects.requireNonNull(operation, "operation");
  }

  /** Whether this is a leader's epoch-start record rather than a client's write. */
  public boolean isEpochStart() {
    return operation == EpochStart.INSTANCE;
  }
}
