package dev.chorus.consensus.session;

import dev.chorus.consensus.LeaderTime;

import dev.chorus.core.spi.Codec;
import dev.chorus.core.spi.Codecs;
import dev.chorus.core.spi.DataCodec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The encodings of {@link SessionMachine}'s commands and outcomes. Commands start with a tag:
 * {@code R} register, {@code I} invoke, {@code N} a plain command; the leader's time sits at a
 * fixed offset after the tag of R and I, where the leader's host writes it ({@link #stamp}).
 */
public final class SessionCodecs {
  private static final byte REGISTER = 'R';
  private static final byte INVOKE = 'I';
  private static final byte PLAIN = 'N';
  /** Where an invoke's leader time starts: after the tag and client id, sequence, acknowledged. */
  private static final int INVOKE_TIME_AT = 1 + 3 * Long.BYTES;

  private SessionCodecs() {}

  /** The codecs of a group of {@link SessionMachine}, around the user's codecs. */
  public static <C, Q, R> Codecs<SessionCommand, Q, SessionOutcome<R>> of(Codecs<C, Q, R> user) {
    return new Codecs<>(commands(false), user.queries(), outcomes(user.results()));
  }

  /**
   * As {@link #of}, for a group whose log holds the user's commands bare from before it used
   * sessions: a {@link SessionCommand.Plain} is written as the user's command alone, and an entry
   * whose first byte is not R, I or N is read as one. The user's command encoding must therefore
   * never start with those bytes.
   */
  public static <C, Q, R> Codecs<SessionCommand, Q, SessionOutcome<R>> overBareLog(Codecs<C, Q, R> user) {
    return new Codecs<>(commands(true), user.queries(), outcomes(user.results()));
  }

  static Codec<SessionCommand> commands(boolean bareBefore) {
    Codec<SessionCommand> codec = DataCodec.of(SessionCodecs::writeCommand, SessionCodecs::readCommand);
    return new Codec<>() {
      @Override
      public byte[] encode(SessionCommand value) {
        // Over a bare log a plain command is written bare, as before sessions: not a byte more.
        return bareBefore && value instanceof SessionCommand.Plain p ? p.command() : codec.encode(value);
      }

      @Override
      public SessionCommand decode(byte[] bytes) {
        return bareBefore && !isTagged(bytes) ? new SessionCommand.Plain(bytes.clone()) : codec.decode(bytes);
      }
    };
  }

  private static boolean isTagged(byte[] bytes) {
    return bytes.length > 0 && (bytes[0] == REGISTER || bytes[0] == INVOKE || bytes[0] == PLAIN);
  }

  /** {@code command} with {@code term} and {@code millis} written in, if it is R or I. */
  static byte[] stamp(byte[] command, long term, long millis) {
    int at = command.length == 0 ? -1 : command[0] == REGISTER ? 1 : command[0] == INVOKE ? INVOKE_TIME_AT : -1;
    if (at < 0) {
      return command;
    }
    byte[] stamped = command.clone();
    ByteBuffer.wrap(stamped, at, 2 * Long.BYTES).putLong(term).putLong(millis);
    return stamped;
  }

  private static void writeCommand(DataOutputStream out, SessionCommand c) throws IOException {
    if (c instanceof SessionCommand.Register r) {
      out.writeByte(REGISTER);
      writeTime(out, r.at());
    } else if (c instanceof SessionCommand.Invoke i) {
      out.writeByte(INVOKE);
      out.writeLong(i.clientId());
      out.writeLong(i.sequence());
      out.writeLong(i.acknowledgedBelow());
      writeTime(out, i.at());
      writeBytes(out, i.command());
    } else {
      out.writeByte(PLAIN);
      writeBytes(out, ((SessionCommand.Plain) c).command());
    }
  }

  private static SessionCommand readCommand(DataInputStream in) throws IOException {
    switch (in.readByte()) {
      case REGISTER:
        return new SessionCommand.Register(readTime(in));
      case INVOKE:
        long client = in.readLong();
        long seq = in.readLong();
        long acked = in.readLong();
        LeaderTime at = readTime(in);
        return new SessionCommand.Invoke(client, seq, acked, readBytes(in), at);
      case PLAIN:
        return new SessionCommand.Plain(readBytes(in));
      default:
        throw new IOException("unknown session command tag");
    }
  }

  private static void writeTime(DataOutputStream out, LeaderTime t) throws IOException {
    out.writeLong(t.term());
    out.writeLong(t.millis());
  }

  private static LeaderTime readTime(DataInputStream in) throws IOException {
    return new LeaderTime(in.readLong(), in.readLong());
  }

  static <R> Codec<SessionOutcome<R>> outcomes(Codec<R> results) {
    return DataCodec.of((out, o) -> {
      if (o instanceof SessionOutcome.Registered<R> r) {
        out.writeByte('R');
        out.writeLong(r.clientId());
      } else if (o instanceof SessionOutcome.Applied<R> a) {
        out.writeByte('A');
        writeBytes(out, results.encode(a.result()));
      } else if (o instanceof SessionOutcome.Duplicate<R> d) {
        out.writeByte('D');
        writeBytes(out, results.encode(d.result()));
      } else if (o instanceof SessionOutcome.SessionExpired<R> e) {
        out.writeByte('E');
        out.writeLong(e.clientId());
      } else {
        SessionOutcome.AlreadyAcknowledged<R> a = (SessionOutcome.AlreadyAcknowledged<R>) o;
        out.writeByte('K');
        out.writeLong(a.clientId());
        out.writeLong(a.sequence());
      }
    }, in -> switch (in.readByte()) {
      case 'R' -> new SessionOutcome.Registered<>(in.readLong());
      case 'A' -> new SessionOutcome.Applied<>(results.decode(readBytes(in)));
      case 'D' -> new SessionOutcome.Duplicate<>(results.decode(readBytes(in)));
      case 'E' -> new SessionOutcome.SessionExpired<>(in.readLong());
      case 'K' -> new SessionOutcome.AlreadyAcknowledged<>(in.readLong(), in.readLong());
      default -> throw new IOException("unknown session outcome tag");
    });
  }

  static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  static byte[] readBytes(DataInputStream in) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return b;
  }
}
