package dev.chorus.consensus.session;

import dev.chorus.core.spi.Codec;
import dev.chorus.core.spi.Codecs;
import dev.chorus.core.spi.DataCodec;
import dev.chorus.core.spi.StateMachine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Wraps a user state machine with client sessions (thesis §6.3), so a group of it applies each
 * session command once however often a client retries it, across leader changes. Commands are
 * {@link SessionCommand}s carrying the user's encoded command; results are
 * {@link SessionOutcome}s carrying the user's encoded result; queries pass through, their result
 * wrapped as {@link SessionOutcome.Applied}. The snapshot holds the session table and the user's
 * snapshot.
 *
 * @param <C> the user's commands
 * @param <Q> the user's queries
 * @param <R> the user's results
 */
public final class SessionMachine<C, Q, R> implements StateMachine<SessionCommand, Q, SessionOutcome> {
  private final StateMachine<C, Q, R> user;
  private final Codecs<C, Q, R> codecs;
  private final long ttlMillis;
  private SessionTable table;

  /** Sessions expiring after {@code ttlMillis} of a client's silence, around {@code user}. */
  public SessionMachine(StateMachine<C, Q, R> user, Codecs<C, Q, R> codecs, long ttlMillis) {
    this.user = user;
    this.codecs = codecs;
    this.ttlMillis = ttlMillis;
    this.table = new SessionTable(ttlMillis);
  }

  @Override
  public SessionOutcome apply(long index, SessionCommand command) {
    return table.apply(index, command,
        bytes -> codecs.results().encode(user.apply(index, codecs.commands().decode(bytes))));
  }

  @Override
  public SessionOutcome query(Q query) {
    return new SessionOutcome.Applied(codecs.results().encode(user.query(query)));
  }

  @Override
  public byte[] snapshot() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writeBytes(out, table.snapshot());
      writeBytes(out, user.snapshot());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public void restore(byte[] snapshot) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
      table = SessionTable.restore(readBytes(in), ttlMillis);
      user.restore(readBytes(in));
    } catch (IOException e) {
      throw new IllegalArgumentException("not a session machine snapshot: " + e, e);
    }
  }

  /** The codecs of a group of this machine, given the user's query codec. */
  public static <Q> Codecs<SessionCommand, Q, SessionOutcome> codecs(Codec<Q> queries) {
    return new Codecs<>(COMMANDS, queries, OUTCOMES);
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return b;
  }

  static final Codec<SessionCommand> COMMANDS = DataCodec.of((out, c) -> {
    if (c instanceof SessionCommand.Register r) {
      out.writeByte('R');
      out.writeLong(r.leaderMillis());
    } else {
      SessionCommand.Invoke i = (SessionCommand.Invoke) c;
      out.writeByte('I');
      out.writeLong(i.clientId());
      out.writeLong(i.sequence());
      out.writeLong(i.acknowledgedBelow());
      out.writeLong(i.leaderMillis());
      writeBytes(out, i.command());
    }
  }, in -> switch (in.readByte()) {
    case 'R' -> new SessionCommand.Register(in.readLong());
    case 'I' -> {
      long client = in.readLong();
      long seq = in.readLong();
      long acked = in.readLong();
      long millis = in.readLong();
      yield new SessionCommand.Invoke(client, seq, acked, readBytes(in), millis);
    }
    default -> throw new IOException("unknown session command tag");
  });

  static final Codec<SessionOutcome> OUTCOMES = DataCodec.of((out, o) -> {
    if (o instanceof SessionOutcome.Registered r) {
      out.writeByte('R');
      out.writeLong(r.clientId());
    } else if (o instanceof SessionOutcome.Applied a) {
      out.writeByte('A');
      writeBytes(out, a.result());
    } else if (o instanceof SessionOutcome.Duplicate d) {
      out.writeByte('D');
      writeBytes(out, d.result());
    } else if (o instanceof SessionOutcome.SessionExpired e) {
      out.writeByte('E');
      out.writeLong(e.clientId());
    } else {
      SessionOutcome.AlreadyAcknowledged a = (SessionOutcome.AlreadyAcknowledged) o;
      out.writeByte('K');
      out.writeLong(a.clientId());
      out.writeLong(a.sequence());
    }
  }, in -> switch (in.readByte()) {
    case 'R' -> new SessionOutcome.Registered(in.readLong());
    case 'A' -> new SessionOutcome.Applied(readBytes(in));
    case 'D' -> new SessionOutcome.Duplicate(readBytes(in));
    case 'E' -> new SessionOutcome.SessionExpired(in.readLong());
    case 'K' -> new SessionOutcome.AlreadyAcknowledged(in.readLong(), in.readLong());
    default -> throw new IOException("unknown session outcome tag");
  });
}
