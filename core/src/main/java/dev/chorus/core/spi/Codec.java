package dev.chorus.core.spi;

/**
 * Turns commands, queries and results into bytes for the log and the wire, and back. Must be
 * deterministic and total: {@code decode(encode(x))} equals {@code x}.
 *
 * @param <T> the type encoded
 */
public interface Codec<T> {
  /** The bytes of {@code value}. */
  byte[] encode(T value);

  /**
   * The value of {@code bytes}.
   *
   * @throws IllegalArgumentException if the bytes are not an encoding of a {@code T}
   */
  T decode(byte[] bytes);
}
