package dev.chorus.samples.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A flat JSON object of string, number and boolean members, written straight to bytes: exactly
 * the bytes Jackson's {@code ObjectMapper} writes for the same names and values in a {@code
 * LinkedHashMap} ({@code FlatJsonTest} compares them).
 *
 * <p>Why: every answer to {@code GET /kv/{key}} carries a value of a KiB or so, and Jackson, going
 * through its map serializer, a thread-local buffer and a character-at-a-time escape loop, took
 * about 13 % of the leader's time at 256 readers (docs/benchmarks.md, "Fourth round"). A string
 * that is printable ASCII with nothing to escape (the usual case) is copied as it is; any other
 * string is rendered by Jackson, so escapes and non-ASCII text stay Jackson's.
 */
final class FlatJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private byte[] buf = new byte[256];
  private int size;

  /** Starts an object. */
  FlatJson() {
    put((byte) '{');
  }

  /** Adds a member whose value is a string or null. */
  FlatJson string(String name, String value) {
    name(name);
    if (value == null) {
      put(NULL);
    } else {
      quoted(value);
    }
    return this;
  }

  /** Adds a number. */
  FlatJson number(String name, long value) {
    name(name);
    put(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
    return this;
  }

  /** Adds a boolean. */
  FlatJson bool(String name, boolean value) {
    name(name);
    put(value ? TRUE : FALSE);
    return this;
  }

  /** Ends the object: its bytes. */
  byte[] end() {
    put((byte) '}');
    return Arrays.copyOf(buf, size);
  }

  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

  private void name(String name) {
    if (size > 1) {
      put((byte) ',');
    }
    quoted(name);
    put((byte) ':');
  }

  private void quoted(String s) {
    // An ASCII string encodes to UTF-8 with one vectorized check and a copy. Only a lone
    // surrogate also gives one byte per character (the JDK writes it as '?'), so a '?' is
    // checked against the string.
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    if (utf8.length == s.length() && printable(utf8, s)) {
      put((byte) '"');
      put(utf8);
      put((byte) '"');
    } else {
      put(jackson(s));
    }
  }

  private static boolean printable(byte[] ascii, String s) {
    for (int i = 0; i < ascii.length; i++) {
      byte b = ascii[i];
      if (b < 0x20 || b == '"' || b == '\\' || (b == '?' && s.charAt(i) != '?')) {
        return false;
      }
    }
    return true;
  }

  private static byte[] jackson(String s) {
    try {
      return JSON.writeValueAsBytes(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render a string as JSON", e);
    }
  }

  private void put(byte b) {
    ensure(1);
    buf[size++] = b;
  }

  private void put(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, size, bytes.length);
    size += bytes.length;
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }
}
