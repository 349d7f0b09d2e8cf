package dev.chorus.consensus.kv;

import dev.chorus.consensus.spi.Codec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The byte encodings of the key-value store's commands, queries and results. */
public final class KvCodecs {
  private KvCodecs() {}

  /** Writes one value; may throw. */
  private interface Writer<T> {
    void write(DataOutputStream out, T value) throws IOException;
  }

  /** Reads one value; may throw. */
  private interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private static <T> Codec<T> codec(Writer<T> writer, Reader<T> reader) {
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

  private static void nullable(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  private static String nullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }

  /** Commands: a tag byte (P, D, C) and the fields. */
  public static final Codec<KvCommand> COMMANDS = codec((out, c) -> {
    if (c instanceof KvCommand.Put p) {
      out.writeByte('P');
      out.writeUTF(p.key());
      out.writeUTF(p.value());
    } else if (c instanceof KvCommand.Delete d) {
      out.writeByte('D');
      out.writeUTF(d.key());
    } else {
      KvCommand.CompareAndSet cas = (KvCommand.CompareAndSet) c;
      out.writeByte('C');
      out.writeUTF(cas.key());
      nullable(out, cas.expected());
      out.writeUTF(cas.value());
    }
  }, in -> switch (in.readByte()) {
    case 'P' -> new KvCommand.Put(in.readUTF(), in.readUTF());
    case 'D' -> new KvCommand.Delete(in.readUTF());
    case 'C' -> new KvCommand.CompareAndSet(in.readUTF(), nullable(in), in.readUTF());
    default -> throw new IOException("unknown command tag");
  });

  /** Queries: the key. */
  public static final Codec<String> QUERIES = codec(DataOutputStream::writeUTF, in -> in.readUTF());

  /** Results: a tag byte (V, W, C) and the fields. */
  public static final Codec<KvResult> RESULTS = codec((out, r) -> {
    if (r instanceof KvResult.Value v) {
      out.writeByte('V');
      out.writeUTF(v.key());
      nullable(out, v.value());
      out.writeLong(v.version());
    } else if (r instanceof KvResult.Written w) {
      out.writeByte('W');
      out.writeUTF(w.key());
      out.writeLong(w.version());
    } else {
      KvResult.CasResult c = (KvResult.CasResult) r;
      out.writeByte('C');
      out.writeUTF(c.key());
      out.writeBoolean(c.swapped());
      nullable(out, c.current());
      out.writeLong(c.version());
    }
  }, in -> switch (in.readByte()) {
    case 'V' -> new KvResult.Value(in.readUTF(), nullable(in), in.readLong());
    case 'W' -> new KvResult.Written(in.readUTF(), in.readLong());
    case 'C' -> new KvResult.CasResult(in.readUTF(), in.readBoolean(), nullable(in), in.readLong());
    default -> throw new IOException("unknown result tag");
  });
}
