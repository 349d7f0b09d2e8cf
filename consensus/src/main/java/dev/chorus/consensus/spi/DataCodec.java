package dev.chorus.consensus.spi;

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
    out.writeBoolean(s != null);
    if (s != null) {
      writeUtf(out, s);
    }
  }

  /** Reads what {@link #writeNullable} wrote. */
  public static String readNullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? readUtf(in) : null;
  }

  /**
   * Writes exactly the bytes of {@link DataOutputStream#writeUTF} (a length and modified UTF-8),
   * faster for ASCII: one pass into an array of the right size, where {@code writeUTF} makes two
   * passes over the characters and allocates twice the length.
   */
  public static void writeUtf(DataOutputStream out, String s) throws IOException {
    int n = s.length();
    if (n > MAX_UTF_BYTES) {
      out.writeUTF(s); // refuses it, naming the length
      return;
    }
    byte[] bytes = new byte[n + 2];
    bytes[0] = (byte) (n >>> 8);
    bytes[1] = (byte) n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == 0 || c >= 0x80) { // NUL and non-ASCII take more than one byte in modified UTF-8
        out.writeUTF(s);
        return;
      }
      bytes[i + 2] = (byte) c;
    }
    out.write(bytes);
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
