package dev.chorus.consensus.election;

import dev.chorus.consensus.spi.Codec;
import dev.chorus.consensus.spi.Codecs;
import dev.chorus.consensus.spi.DataCodec;
import dev.chorus.core.Epoch;
import java.io.DataOutputStream;
import java.io.IOException;

/** The byte encodings of the lease table's commands, queries and outcomes. */
final class LeaseCodecs {
  private LeaseCodecs() {}

  static final Codec<LeaseCommand> COMMANDS = DataCodec.of((out, c) -> {
    out.writeByte(c instanceof LeaseCommand.Acquire ? 'A' : 'R');
    out.writeUTF(c.name());
    out.writeUTF(c.holder());
    out.writeLong(c.leaderMillis());
    if (c instanceof LeaseCommand.Acquire a) {
      out.writeLong(a.ttlMillis());
    }
  }, in -> {
    byte tag = in.readByte();
    String name = in.readUTF();
    String holder = in.readUTF();
    long millis = in.readLong();
    return switch (tag) {
      case 'A' -> new LeaseCommand.Acquire(name, holder, in.readLong(), millis);
      case 'R' -> new LeaseCommand.Release(name, holder, millis);
      default -> throw new IOException("unknown lease command tag");
    };
  });

  static final Codec<LeaseOutcome> OUTCOMES = DataCodec.of((out, o) -> {
    if (o instanceof LeaseOutcome.Granted g) {
      out.writeByte('G');
      out.writeUTF(g.name());
      out.writeUTF(g.holder());
      out.writeLong(g.token().value());
      out.writeLong(g.expiresAtMillis());
    } else if (o instanceof LeaseOutcome.HeldByOther h) {
      out.writeByte('H');
      out.writeUTF(h.name());
      out.writeUTF(h.holder());
      out.writeLong(h.expiresAtMillis());
    } else {
      out.writeByte('R');
      out.writeUTF(((LeaseOutcome.Released) o).name());
    }
  }, in -> switch (in.readByte()) {
    case 'G' -> new LeaseOutcome.Granted(in.readUTF(), in.readUTF(), Epoch.of(in.readLong()), in.readLong());
    case 'H' -> new LeaseOutcome.HeldByOther(in.readUTF(), in.readUTF(), in.readLong());
    case 'R' -> new LeaseOutcome.Released(in.readUTF());
    default -> throw new IOException("unknown lease outcome tag");
  });

  static final Codecs<LeaseCommand, String, LeaseOutcome> ALL =
      new Codecs<>(COMMANDS, DataCodec.of(DataOutputStream::writeUTF, in -> in.readUTF()), OUTCOMES);
}
