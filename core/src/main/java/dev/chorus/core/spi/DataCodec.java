package dev.chorus.core.spi;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** {@link Codec}s written against {@link DataOutputStream} and {@link DataInputStream}. */
public final class DataCodec {
  private static final int INITIAL_BUFFER = 512;
  private static final int MAX_UTF_BYTES = 65535;

  private DataCodec() {}

  /** Writes one value. */
  @FunctionalInterface
  public interface Writer<T> {
    void write(DataOutputStream out, T value) throws IOException;
  }

  /** Reads one value. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  /** A codec from a writer and the matching reader; decoding rejects trailing bytes. */
  public static <T> Codec<T> of(Writer<T> writer, Reader<T> reader) {
    return new Codec<>() {
      @Override
      public byte[] encode(T value) {
        // Sized for a typical small command, so that a value of a KiB grows the buffer once or twice.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(INITIAL_BUFFER);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
          writer.write(out, value);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
      }

      @Override
      public T decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
          T value = reader.read(in);
          if (in.available() > 0) {
            throw new IllegalArgumentException("trailing bytes");
          }
          return value;
        } catch (IOException e) {
          throw new IllegalArgumentException("not an encoding: " + e, e);
        }
      }
    };
  }

  /** Writes a string that may be null. */
  public static void writeNullable(DataOutputStream out, String s) throws IOException {
    writePresent(out, s, DataCodec::writeUtf);
  }

  /** How one non-null string is written. */
  private interface StringWriter {
    void write(DataOutputStream out, String s) throws IOException;
  }

  /** A flag for whether {@code s} is present, then, if it is, {@code s} as {@code writer} writes it. */
  private static void writePresent(DataOutputStream out, String s, StringWriter writer) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      writer.write(out, s);
    }
  }

  /** Reads what {@link #writeNullable} wrote. */
  public static String readNullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? readUtf(in) : null;
  }

  /**
   * Writes a string of any length as its byte count (an int) and its UTF-8 bytes. Unlike {@link
   * #writeUtf}, which is limited to 65,535 bytes, this is the encoding for user data: keys and
   * values.
   *
   * @throws IllegalArgumentException if {@code s} holds a lone surrogate, which UTF-8 cannot
   *     carry: the JDK would replace it with '?', and a value must never be altered silently
   */
  public static void writeText(DataOutputStream out, String s) throws IOException {
    if (hasSurrogate(s)) {
      requireWellFormed(s);
    }
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  /** Reads what {@link #writeText} wrote. */
  public static String readText(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("negative text length " + n);
    }
    byte[] bytes = in.readNBytes(n);
    if (bytes.length != n) {
      throw new java.io.EOFException("text of " + n + " bytes cut off after " + bytes.length);
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Writes a string that may be null, as {@link #writeText} does. */
  public static void writeNullableText(DataOutputStream out, String s) throws IOException {
    writePresent(out, s, DataCodec::writeText);
  }

  /** Reads what {@link #writeNullableText} wrote. */
  public static String readNullableText(DataInputStream in) throws IOException {
    return in.readBoolean() ? readText(in) : null;
  }

  private static boolean hasSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isSurrogate(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static void requireWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(String.format("the text holds a lone surrogate (U+%04X at index %d), which UTF-8 cannot carry", (int) c, i));
      }
    }
  }

  /**
   * Writes exactly the bytes of {@link DataOutputStream#writeUTF} (a length and modified UTF-8),
   * faster for ASCII: {@code writeUTF} makes two passes over the characters, one at a time, and
   * allocates twice the length.
   */
  public static void writeUtf(DataOutputStream out, String s) throws IOException {
    if (s.length() <= MAX_UTF_BYTES) {
      // The JDK encodes an ASCII string to UTF-8 with a vectorized check and one array copy. Any
      // other character takes more than one byte in UTF-8, so the length tells ASCII apart, but
      // for a lone surrogate, which the JDK replaces by one '?'. NUL is one byte in UTF-8 but two
      // in modified UTF-8. Both are looked for.
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      if (utf8.length == s.length() && isModifiedUtf8(utf8, s)) {
        out.writeShort(utf8.length);
        out.write(utf8);
        return;
      }
    }
    out.writeUTF(s); // modified UTF-8 for the rest; refuses what is too long, naming the length
  }

  private static boolean isModifiedUtf8(byte[] ascii, String s) {
    for (int i = 0; i < ascii.length; i++) {
      if (ascii[i] == 0 || (ascii[i] == '?' && s.charAt(i) != '?')) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads what {@link #writeUtf} or {@link DataOutputStream#writeUTF} wrote, as {@link
   * DataInputStream#readUTF} does. Bytes all below 0x80 mean the same in modified UTF-8 and in
   * Latin-1, and Latin-1 makes a string with one array copy.
   */
  public static String readUtf(DataInputStream in) throws IOException {
    int n = in.readUnsignedShort();
    byte[] bytes = new byte[n];
    in.readFully(bytes);
    int any = 0;
    for (byte b : bytes) {
      any |= b;
    }
    if (any >= 0) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
    ByteArrayOutputStream framed = new ByteArrayOutputStream(n + 2);
    framed.write(n >>> 8);
    framed.write(n);
    framed.write(bytes);
    return DataInputStream.readUTF(new DataInputStream(new ByteArrayInputStream(framed.toByteArray())));
  }
}
