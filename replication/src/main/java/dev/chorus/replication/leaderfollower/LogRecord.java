package dev.chorus.replication.leaderfollower;

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
  /** Validates. */
  public LogRecord {
    if (epoch < 1 || offset < 1) {
      throw new IllegalArgumentException("epoch and offset start at 1, got " + epoch + "/" + offset);
    }
    Objects.requireNonNull(operation, "operation");
  }
}
