package dev.chorus.consensus.kv;

import dev.chorus.consensus.spi.Codec;
import dev.chorus.consensus.spi.DataCodec;
import java.io.IOException;

/** The byte encodings of the key-value store's commands, queries and results. */
public final class KvCodecs {
  private KvCodecs() {}

  /** Commands: a tag byte (P, D, C) and the fields. */
  public static final Codec<KvCommand> COMMANDS = DataCodec.of((out, c) -> {
    if (c instanceof KvCommand.Put p) {
      out.writeByte('P');
      DataCodec.writeUtf(out, p.key());
      DataCodec.writeUtf(out, p.value());
    } else if (c instanceof KvCommand.Delete d) {
      out.writeByte('D');
      DataCodec.writeUtf(out, d.key());
    } else {
      KvCommand.CompareAndSet cas = (KvCommand.CompareAndSet) c;
      out.writeByte('C');
      DataCodec.writeUtf(out, cas.key());
      DataCodec.writeNullable(out, cas.expected());
      DataCodec.writeUtf(out, cas.value());
    }
  }, in -> switch (in.readByte()) {
    case 'P' -> new KvCommand.Put(DataCodec.readUtf(in), DataCodec.readUtf(in));
    case 'D' -> new KvCommand.Delete(DataCodec.readUtf(in));
    case 'C' -> new KvCommand.CompareAndSet(DataCodec.readUtf(in), DataCodec.readNullable(in), DataCodec.readUtf(in));
    default -> throw new IOException("unknown command tag");
  });

  /** Queries: the key. */
  public static final Codec<String> QUERIES = DataCodec.of(DataCodec::writeUtf, DataCodec::readUtf);

  /** Results: a tag byte (V, W, C) and the fields. */
  public static final Codec<KvResult> RESULTS = DataCodec.of((out, r) -> {
    if (r instanceof KvResult.Value v) {
      out.writeByte('V');
      DataCodec.writeUtf(out, v.key());
      DataCodec.writeNullable(out, v.value());
      out.writeLong(v.version());
    } else if (r instanceof KvResult.Written w) {
      out.writeByte('W');
      DataCodec.writeUtf(out, w.key());
      out.writeLong(w.version());
    } else {
      KvResult.CasResult c = (KvResult.CasResult) r;
      out.writeByte('C');
      DataCodec.writeUtf(out, c.key());
      out.writeBoolean(c.swapped());
      DataCodec.writeNullable(out, c.current());
      out.writeLong(c.version());
    }
  }, in -> switch (in.readByte()) {
    case 'V' -> new KvResult.Value(DataCodec.readUtf(in), DataCodec.readNullable(in), in.readLong());
    case 'W' -> new KvResult.Written(DataCodec.readUtf(in), in.readLong());
    case 'C' -> new KvResult.CasResult(DataCodec.readUtf(in), in.readBoolean(), DataCodec.readNullable(in), in.readLong());
    default -> throw new IOException("unknown result tag");
  });
}
