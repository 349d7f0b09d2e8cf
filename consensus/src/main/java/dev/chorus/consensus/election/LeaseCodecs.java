package dev.chorus.consensus.election;

import dev.chorus.consensus.LeaderTime;
import dev.chorus.core.Epoch;
import dev.chorus.core.spi.Codec;
import dev.chorus.core.spi.Codecs;
import dev.chorus.core.spi.DataCodec;
import java.io.IOException;

/**
 * The byte encodings of the lease table's commands, queries and outcomes. Names and holders are
 * {@link DataCodec#writeText} under lower-case tags; the upper-case tags are the first format
 * (strings of at most 65,535 bytes), still read.
 */
final class LeaseCodecs {
  private LeaseCodecs() {}

  /**
   * Commands: b (acquire) and s (release) with the name, holder, leader term and monotonic millis
   * (and the TTL). The earlier tags a/r (and A/R, strings of at most 65,535 bytes) carried one
   * wall-clock reading instead: read as leader time in "term" 0, which {@link
   * dev.chorus.consensus.LeaderClock} lets only follow itself.
   */
  static final Codec<LeaseCommand> COMMANDS = DataCodec.of((out, c) -> {
    out.writeByte(c instanceof LeaseCommand.Acquire ? 'b' : 's');
    DataCodec.writeText(out, c.name());
    DataCodec.writeText(out, c.holder());
    out.writeLong(c.at().term());
    out.writeLong(c.at().millis());
    if (c instanceof LeaseCommand.Acquire a) {
      out.writeLong(a.ttlMillis());
    }
  }, in -> {
    byte tag = in.readByte();
    boolean text = tag != 'A' && tag != 'R';
    String name = text ? DataCodec.readText(in) : in.readUTF();
    String holder = text ? DataCodec.readText(in) : in.readUTF();
    LeaderTime at = tag == 'b' || tag == 's' ? new LeaderTime(in.readLong(), in.readLong()) : new LeaderTime(0, in.readLong());
    return switch (tag) {
      case 'b', 'a', 'A' -> new LeaseCommand.Acquire(name, holder, in.readLong(), at);
      case 's', 'r', 'R' -> new LeaseCommand.Release(name, holder, at);
      default -> throw new IOException("unknown lease command tag");
    };
  });

  static final Codec<LeaseOutcome> OUTCOMES = DataCodec.of((out, o) -> {
    if (o instanceof LeaseOutcome.Granted g) {
      out.writeByte('g');
      DataCodec.writeText(out, g.name());
      DataCodec.writeText(out, g.holder());
      out.writeLong(g.token().value());
      out.writeLong(g.expiresAtMillis());
    } else if (o instanceof LeaseOutcome.HeldByOther h) {
      out.writeByte('h');
      DataCodec.writeText(out, h.name());
      DataCodec.writeText(out, h.holder());
      out.writeLong(h.expiresAtMillis());
    } else {
      out.writeByte('r');
      DataCodec.writeText(out, ((LeaseOutcome.Released) o).name());
    }
  }, in -> switch (in.readByte()) {
    case 'G' -> new LeaseOutcome.Granted(in.readUTF(), in.readUTF(), Epoch.of(in.readLong()), in.readLong());
    case 'H' -> new LeaseOutcome.HeldByOther(in.readUTF(), in.readUTF(), in.readLong());
    case 'R' -> new LeaseOutcome.Released(in.readUTF());
    case 'g' -> new LeaseOutcome.Granted(DataCodec.readText(in), DataCodec.readText(in), Epoch.of(in.readLong()), in.readLong());
    case 'h' -> new LeaseOutcome.HeldByOther(DataCodec.readText(in), DataCodec.readText(in), in.readLong());
    case 'r' -> new LeaseOutcome.Released(DataCodec.readText(in));
    default -> throw new IOException("unknown lease outcome tag");
  });

  static final Codecs<LeaseCommand, String, LeaseOutcome> ALL =
      new Codecs<>(COMMANDS, DataCodec.of(DataCodec::writeText, DataCodec::readText), OUTCOMES);
}
