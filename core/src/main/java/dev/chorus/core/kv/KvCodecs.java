package dev.chorus.core.kv;

import dev.chorus.core.spi.Codec;
import dev.chorus.core.spi.DataCodec;
import java.io.IOException;

/**
 * The byte encodings of the key-value store's commands, queries and results.
 *
 * <p>Keys and values are written as {@link DataCodec#writeText} (any length) under lower-case
 * tags. The upper-case tags are the first format, whose strings were limited to 65,535 bytes of
 * modified UTF-8; logs and snapshots written in it are still read.
 */
public final class KvCodecs {
  private KvCodecs() {}

  /**
   * Commands: a tag byte (p, d, c, a; P, D, C in the first format) and the fields. No tag is R, I
   * or N, which the session machine's entries start with, so a log of bare commands stays
   * readable when the store moves to sessions.
   */
  public static final Codec<KvCommand> COMMANDS = DataCodec.of((out, c) -> {
    if (c instanceof KvCommand.Put p) {
      out.writeByte('p');
      DataCodec.writeText(out, p.key());
      DataCodec.writeText(out, p.value());
    } else if (c instanceof KvCommand.Delete d) {
      out.writeByte('d');
      DataCodec.writeText(out, d.key());
    } else if (c instanceof KvCommand.Append a) {
      out.writeByte('a');
      DataCodec.writeText(out, a.key());
      DataCodec.writeText(out, a.element());
    } else {
      KvCommand.CompareAndSet cas = (KvCommand.CompareAndSet) c;
      out.writeByte('c');
      DataCodec.writeText(out, cas.key());
      DataCodec.writeNullableText(out, cas.expected());
      DataCodec.writeText(out, cas.value());
    }
  }, in -> switch (in.readByte()) {
    case 'p' -> new KvCommand.Put(DataCodec.readText(in), DataCodec.readText(in));
    case 'd' -> new KvCommand.Delete(DataCodec.readText(in));
    case 'c' -> new KvCommand.CompareAndSet(DataCodec.readText(in), DataCodec.readNullableText(in), DataCodec.readText(in));
    case 'a' -> new KvCommand.Append(DataCodec.readText(in), DataCodec.readText(in));
    case 'P' -> new KvCommand.Put(DataCodec.readUtf(in), DataCodec.readUtf(in));
    case 'D' -> new KvCommand.Delete(DataCodec.readUtf(in));
    case 'C' -> new KvCommand.CompareAndSet(DataCodec.readUtf(in), DataCodec.readNullable(in), DataCodec.readUtf(in));
    default -> throw new IOException("unknown command tag");
  });

  /** Queries: the key. Queries are never stored, so they have no first format to read. */
  public static final Codec<String> QUERIES = DataCodec.of(DataCodec::writeText, DataCodec::readText);

  /** Results: a tag byte (v, w, c; V, W, C in the first format) and the fields. */
  public static final Codec<KvResult> RESULTS = DataCodec.of((out, r) -> {
    if (r instanceof KvResult.Value v) {
      out.writeByte('v');
      DataCodec.writeText(out, v.key());
      DataCodec.writeNullableText(out, v.value());
      out.writeLong(v.version());
    } else if (r instanceof KvResult.Written w) {
      out.writeByte('w');
      DataCodec.writeText(out, w.key());
      out.writeLong(w.version());
    } else {
      KvResult.CasResult c = (KvResult.CasResult) r;
      out.writeByte('c');
      DataCodec.writeText(out, c.key());
      out.writeBoolean(c.swapped());
      DataCodec.writeNullableText(out, c.current());
      out.writeLong(c.version());
    }
  }, in -> switch (in.readByte()) {
    case 'v' -> new KvResult.Value(DataCodec.readText(in), DataCodec.readNullableText(in), in.readLong());
    case 'w' -> new KvResult.Written(DataCodec.readText(in), in.readLong());
    case 'c' -> new KvResult.CasResult(DataCodec.readText(in), in.readBoolean(), DataCodec.readNullableText(in), in.readLong());
    case 'V' -> new KvResult.Value(DataCodec.readUtf(in), DataCodec.readNullable(in), in.readLong());
    case 'W' -> new KvResult.Written(DataCodec.readUtf(in), in.readLong());
    case 'C' -> new KvResult.CasResult(DataCodec.readUtf(in), in.readBoolean(), DataCodec.readNullable(in), in.readLong());
    default -> throw new IOException("unknown result tag");
  });
}
