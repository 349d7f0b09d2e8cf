package dev.chorus.replication.leaderfollower;

import dev.chorus.core.SessionToken;
import java.nio.ByteBuffer;

/**
 * A place in a store's log: the epoch of the record at {@code offset}, and the offset. Two logs
 * that hold the same epoch at the same offset hold the same records up to it (the epoch's leader
 * wrote them once, in order), so a position names a whole prefix. It is what a session token
 * carries: the prefix a client has written or read through.
 *
 * @param epoch the epoch of the record at {@code offset}; 0 with offset 0 for the empty prefix
 * @param offset the offset, from 1; 0 for the empty prefix
 */
public record LogPosition(long epoch, long offset) {
  /** The empty prefix: a session that has done nothing yet. */
  public static final LogPosition START = new LogPosition(0, 0);
  private static final int BYTES = 16;

  /** Validates. */
  public LogPosition {
    if (epoch < 0 || offset < 0 || (epoch == 0) != (offset == 0)) {
      throw new IllegalArgumentException("a position is (0, 0) or a positive epoch and offset, got ("
          + epoch + ", " + offset + ")");
    }
  }

  /** This position as a session token a client can hand to another process. */
  public SessionToken toToken() {
    return offset == 0 ? SessionToken.empty()
        : SessionToken.of(ByteBuffer.allocate(BYTES).putLong(epoch).putLong(offset).array());
  }

  /**
   * The position a token carries.
   *
   * @throws IllegalArgumentException if the token was not made by {@link #toToken()}
   */
  public static LogPosition of(SessionToken token) {
    byte[] bytes = token.bytes();
    if (bytes.length == 0) {
      return START;
    }
    if (bytes.length != BYTES) {
      throw new IllegalArgumentException("not a leader-follower session token: " + bytes.length
          + " bytes, expected " + BYTES);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    return new LogPosition(b.getLong(), b.getLong());
  }
}
