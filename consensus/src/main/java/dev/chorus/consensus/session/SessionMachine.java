package dev.chorus.consensus.session;

import dev.chorus.core.spi.Codecs;
import dev.chorus.core.spi.LeaderStamped;
import dev.chorus.core.spi.StateMachine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Wraps a user state machine with client sessions (thesis §6.3), so a group of it applies each
 * session command once however often a client retries it, across leader changes. Commands are
 * {@link SessionCommand}s carrying the user's encoded command; results are {@link
 * SessionOutcome}s carrying the user's result; queries pass through, their result wrapped as
 * {@link SessionOutcome.Applied}, never encoded. The snapshot holds the session table and the
 * user's snapshot.
 *
 * <p>A group that ran the user's machine bare before it used sessions keeps its log and
 * snapshots readable with {@link SessionCodecs#overBareLog}: an entry that does not start with a
 * session tag is the user's command outside any session, and a snapshot without the session
 * marker is the user's snapshot with no sessions open.
 *
 * @param <C> the user's commands
 * @param <Q> the user's queries
 * @param <R> the user's results
 */
public final class SessionMachine<C, Q, R>
    implements StateMachine<SessionCommand, Q, SessionOutcome<R>>, LeaderStamped {
  /** Starts a snapshot of this machine: "chorusSS" in ASCII. */
  static final long SNAPSHOT_MARKER = 0x63686f7275735353L;

  private final StateMachine<C, Q, R> user;
  private final Codecs<C, Q, R> codecs;
  private final long ttlMillis;
  private SessionTable table;

  /** Sessions expiring after {@code ttlMillis} of a client's silence, around {@code user}. */
  public SessionMachine(StateMachine<C, Q, R> user, Codecs<C, Q, R> codecs, long ttlMillis) {
    this.user = Objects.requireNonNull(user, "user");
    this.codecs = Objects.requireNonNull(codecs, "codecs");
    this.ttlMillis = ttlMillis;
    this.table = new SessionTable(ttlMillis);
  }

  @Override
  public SessionOutcome<R> apply(long index, SessionCommand command) {
    if (command instanceof SessionCommand.Plain p) {
      return new SessionOutcome.Applied<>(user.apply(index, codecs.commands().decode(p.command())));
    }
    Object[] applied = new Object[1];
    SessionOutcome<byte[]> outcome = table.apply(index, command, bytes -> {
      R result = user.apply(index, codecs.commands().decode(bytes));
      applied[0] = result;
      return codecs.results().encode(result);
    });
    return typed(outcome, applied[0]);
  }

  @SuppressWarnings("unchecked")
  private SessionOutcome<R> typed(SessionOutcome<byte[]> outcome, Object applied) {
    if (outcome instanceof SessionOutcome.Applied) {
      return new SessionOutcome.Applied<>((R) applied);
    }
    if (outcome instanceof SessionOutcome.Duplicate<byte[]> d) {
      return new SessionOutcome.Duplicate<>(codecs.results().decode(d.result()));
    }
    if (outcome instanceof SessionOutcome.Registered<byte[]> r) {
      return new SessionOutcome.Registered<>(r.clientId());
    }
    if (outcome instanceof SessionOutcome.SessionExpired<byte[]> e) {
      return new SessionOutcome.SessionExpired<>(e.clientId());
    }
    SessionOutcome.AlreadyAcknowledged<byte[]> a = (SessionOutcome.AlreadyAcknowledged<byte[]>) outcome;
    return new SessionOutcome.AlreadyAcknowledged<>(a.clientId(), a.sequence());
  }

  @Override
  public SessionOutcome<R> query(Q query) {
    return new SessionOutcome.Applied<>(user.query(query));
  }

  /** Session time as the log has measured it so far ({@link SessionTable#clock}). */
  public long sessionClock() {
    return table.clock();
  }

  @Override
  public byte[] stampLeaderTime(byte[] command, long term, long monotonicMillis) {
    return SessionCodecs.stamp(command, term, monotonicMillis);
  }

  @Override
  public byte[] snapshot() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(SNAPSHOT_MARKER);
      SessionCodecs.writeBytes(out, table.snapshot());
      SessionCodecs.writeBytes(out, user.snapshot());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Restores a snapshot of this machine, or, from before the group used sessions, a bare snapshot
   * of the user's machine (no sessions open).
   */
  @Override
  public void restore(byte[] snapshot) {
    if (!hasMarker(snapshot)) {
      table = new SessionTable(ttlMillis);
      user.restore(snapshot);
      return;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
      in.readLong();
      table = SessionTable.restore(SessionCodecs.readBytes(in), ttlMillis);
      user.restore(SessionCodecs.readBytes(in));
    } catch (IOException e) {
      throw new IllegalArgumentException("not a session machine snapshot: " + e, e);
    }
  }

  private static boolean hasMarker(byte[] snapshot) {
    if (snapshot.length < Long.BYTES) {
      return false;
    }
    long first = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      first = (first << 8) | (snapshot[i] & 0xff);
    }
    return first == SNAPSHOT_MARKER;
  }
}
