package dev.chorus.core;

import java.io.NotSerializableException;
import java.util.Objects;

/**
 * A message from another node that this node cannot decode: an unknown format version, cut or
 * corrupt bytes. Names the message's type (a serializer's manifest, or a codec's tag), by which
 * {@link UndecodableMessages} logs it once.
 */
public final class UndecodableMessageException extends NotSerializableException {
  private static final long serialVersionUID = 1L;

  /** The type, from the wire: not trusted, only logged. */
  private final String type;

  /**
   * @param what what was being decoded, e.g. "Raft message"
   * @param type the message's type as it came
   * @param reason why it cannot be decoded
   * @param cause the decoder's failure, or null
   */
  public UndecodableMessageException(String what, String type, String reason, Throwable cause) {
    super("undecodable " + what + " (type '" + type + "'): " + reason);
    this.type = Objects.requireNonNull(type, "type");
    initCause(cause);
  }

  /** The message's type, as it came. */
  public String type() {
    return type;
  }
}
