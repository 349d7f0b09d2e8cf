package dev.chorus.consensus.spi;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** {@link Codec}s written against {@link DataOutputStream} and {@link DataInputStream}. */
public final class DataCodec {
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
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
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
      out.writeUTF(s);
    }
  }

  /** Reads what {@link #writeNullable} wrote. */
  public static String readNullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }
}
