package dev.chorus.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * An opaque session token: a compact, portable string that carries a client's session position.
 *
 * <p>Clients pass it between processes as a string; presenting it on a later request gives that
 * request read-your-writes, monotonic reads, monotonic writes and writes-follow-reads with respect
 * to the requests that produced it. What the bytes mean is decided by the replication module;
 * everyone else treats them as opaque.
 *
 * <p>The string form is URL-safe base64 without padding (RFC 4648 section 5), so it fits in URLs,
 * headers and JSON unescaped; it is also the Jackson form. Equality is by content. Immutable and
 * thread-safe.
 */
public final class SessionToken {
  private static final SessionToken EMPTY = new SessionToken(new byte[0]);
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final byte[] bytes;

  private SessionToken(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The token of a session that has done nothing yet; its string form is {@code ""}. */
  public static SessionToken empty() {
    return EMPTY;
  }

  /**
   * A token holding a copy of {@code bytes}.
   *
   * @throws NullPointerException if {@code bytes} is null
   */
  public static SessionToken of(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new SessionToken(bytes.clone());
  }

  /**
   * Reads the string form produced by {@link #asString()}.
   *
   * @throws IllegalArgumentException saying what is wrong if {@code text} is not canonical
   *     URL-safe unpadded base64
   * @throws NullPointerException if {@code text} is null
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static SessionToken parse(String text) {
    Objects.requireNonNull(text, "text");
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (!isBase64UrlChar(ch)) {
        throw new IllegalArgumentException("Malformed session token: character '" + ch
            + "' at index " + i + " is not URL-safe base64 (A-Z, a-z, 0-9, '-', '_', no padding)");
      }
    }
    if (text.length() % 4 == 1) {
      throw new IllegalArgumentException("Malformed session token: length " + text.length()
          + " is not a possible unpadded base64 length; the token was probably truncated");
    }
    SessionToken token = of(DECODER.decode(text));
    if (!token.asString().equals(text)) {
      // Unused trailing bits are set: another string for the same bytes, so reject it rather
      // than let two different strings compare equal.
      throw new IllegalArgumentException(
          "Malformed session token: its last character has unused bits set; the token was altered");
    }
    return token;
  }

  private static boolean isBase64UrlChar(char ch) {
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')
        || ch == '-' || ch == '_';
  }

  /** A copy of the token's bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Whether this is the {@linkplain #empty() empty} token. */
  public boolean isEmpty() {
    return bytes.length == 0;
  }

  /** The string form: URL-safe base64 without padding, readable by {@link #parse}. */
  @JsonValue
  public String asString() {
    return ENCODER.encodeToString(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SessionToken other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** The same as {@link #asString()}. */
  @Override
  public String toString() {
    return asString();
  }
}
