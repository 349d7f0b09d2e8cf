package dev.chorus.consensus.kv;

import dev.chorus.consensus.spi.Codec;
import dev.chorus.consensus.spi.DataCodec;
import java.io.DataOutputStream;
import java.io.IOException;

/** The byte encodings of the key-value store's commands, queries and results. */
public final class KvCodecs {
  private KvCodecs() {}

  /** Commands: a tag byte (P, D, C) and the fields. */
  public static final Codec<KvCommand> COMMANDS = DataCodec.of((out, c) -> {
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
      DataCodec.writeNullable(out, cas.expected());
      out.writeUTF(cas.value());
    }
  }, in -> switch (in.readByte()) {
    case 'P' -> new KvCommand.Put(in.readUTF(), in.readUTF());
    case 'D' -> new KvCommand.Delete(in.readUTF());
    case 'C' -> new KvCommand.CompareAndSet(in.readUTF(), DataCodec.readNullable(in), in.readUTF());
    default -> throw new IOException("unknown command tag");
  });

  /** Queries: the key. */
  public static final Codec<String> QUERIES = DataCodec.of(DataOutputStream::writeUTF, in -> in.readUTF());

  /** Results: a tag byte (V, W, C) and the fields. */
  public static final Codec<KvResult> RESULTS = DataCodec.of((out, r) -> {
    if (r instanceof KvResult.Value v) {
      out.writeByte('V');
      out.writeUTF(v.key());
      DataCodec.writeNullable(out, v.value());
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
      DataCodec.writeNullable(out, c.current());
      out.writeLong(c.version());
    }
  }, in -> switch (in.readByte()) {
    case 'V' -> new KvResult.Value(in.readUTF(), DataCodec.readNullable(in), in.readLong());
    case 'W' -> new KvResult.Written(in.readUTF(), in.readLong());
    case 'C' -> new KvResult.CasResult(in.readUTF(), in.readBoolean(), DataCodec.readNullable(in), in.readLong());
    default -> throw new IOException("unknown result tag");
  });
}
