package dev.chorus.consensus.session;

import dev.chorus.consensus.LeaderClock;
import dev.chorus.consensus.LeaderTime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The client sessions of a replicated state machine (thesis §6.3, "Implementing linearizable
 * semantics"): for each registered client, the results of its commands that it has not yet
 * acknowledged, so that a retried command is answered from here rather than applied again.
 *
 * <p>Part of the state machine: it changes only by applying log entries, so it is the same on
 * every node at the same index, and it goes into snapshots ({@link #snapshot}, {@link #restore}).
 * Sessions expire when their client has been silent for the time-to-live, measured by the
 * leaders' monotonic clock readings carried in the log ({@link LeaderTime}) — never by a node's own
 * clock, and never by comparing two nodes' clocks — so every node expires the same session at the
 * same index, and no leader expires a session sooner than the one before it would have.
 *
 * <p>Not thread-safe; deterministic.
 */
public final class SessionTable {
  private static final class Session {
    long lastActive;
    long acknowledgedBelow = 1;
    final TreeMap<Long, byte[]> results = new TreeMap<>();
  }

  private final long ttlMillis;
  private final TreeMap<Long, Session> sessions = new TreeMap<>();
  // etcd's lease rule, by LeaderClock: a new leader never expires a session sooner than the
  // leader that last saw it active would have.
  private LeaderClock clock = new LeaderClock();

  /** A table whose sessions expire after {@code ttlMillis} of silence. */
  public SessionTable(long ttlMillis) {
    if (ttlMillis <= 0) {
      throw new IllegalArgumentException("the session time-to-live must be positive, got " + ttlMillis);
    }
    this.ttlMillis = ttlMillis;
  }

  /**
   * Applies the session entry at {@code index}; {@code execute} applies the user's command to the
   * state machine and returns its encoded result, and is called at most once, only for a command
   * not applied before. Results come back encoded, as stored.
   */
  public SessionOutcome<byte[]> apply(long index, SessionCommand command, UnaryOperator<byte[]> execute) {
    if (command instanceof SessionCommand.Plain p) {
      return new SessionOutcome.Applied<>(execute.apply(p.command()));
    }
    if (command instanceof SessionCommand.Register r) {
      advance(r.at());
      Session s = new Session();
      s.lastActive = clock.now();
      sessions.put(index, s);
      return new SessionOutcome.Registered<>(index);
    }
    SessionCommand.Invoke invoke = (SessionCommand.Invoke) command;
    advance(invoke.at());
    Session s = sessions.get(invoke.clientId());
    if (s == null) {
      return new SessionOutcome.SessionExpired<>(invoke.clientId());
    }
    s.lastActive = clock.now();
    if (invoke.acknowledgedBelow() > s.acknowledgedBelow) {
      s.acknowledgedBelow = invoke.acknowledgedBelow();
      s.results.headMap(s.acknowledgedBelow).clear();
    }
    byte[] stored = s.results.get(invoke.sequence());
    if (stored != null) {
      return new SessionOutcome.Duplicate<>(stored.clone());
    }
    if (invoke.sequence() < s.acknowledgedBelow) {
      return new SessionOutcome.AlreadyAcknowledged<>(invoke.clientId(), invoke.sequence());
    }
    byte[] result = execute.apply(invoke.command().clone());
    s.results.put(invoke.sequence(), result.clone());
    return new SessionOutcome.Applied<>(result);
  }

  /** Moves session time on by {@code at}, then expires the sessions silent for longer than the TTL. */
  private void advance(LeaderTime at) {
    clock.advance(at);
    expire();
  }

  private void expire() {
    for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
      if (it.next().lastActive + ttlMillis < clock.now()) {
        it.remove();
      }
    }
  }

  /** Session time: milliseconds the group has been led, as its leaders' clocks measured it. */
  public long clock() {
    return clock.now();
  }

  /** How many sessions are open. */
  public int size() {
    return sessions.size();
  }

  /** The table as bytes, for the state machine's snapshot. */
  public byte[] snapshot() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      clock.write(out);
      out.writeInt(sessions.size());
      for (Map.Entry<Long, Session> e : sessions.entrySet()) {
        Session s = e.getValue();
        out.writeLong(e.getKey());
        out.writeLong(s.lastActive);
        out.writeLong(s.acknowledgedBelow);
        out.writeInt(s.results.size());
        for (Map.Entry<Long, byte[]> r : s.results.entrySet()) {
          out.writeLong(r.getKey());
          out.writeInt(r.getValue().length);
          out.write(r.getValue());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * The table a snapshot holds.
   *
   * @throws IllegalArgumentException if {@code snapshot} is not one made by {@link #snapshot}
   */
  public static SessionTable restore(byte[] snapshot, long ttlMillis) {
    SessionTable table = new SessionTable(ttlMillis);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
      table.clock = LeaderClock.read(in);
      for (int n = in.readInt(); n > 0; n--) {
        Session s = new Session();
        long id = in.readLong();
        s.lastActive = in.readLong();
        s.acknowledgedBelow = in.readLong();
        for (int k = in.readInt(); k > 0; k--) {
          long seq = in.readLong();
          byte[] r = new byte[in.readInt()];
          in.readFully(r);
          s.results.put(seq, r);
        }
        table.sessions.put(id, s);
      }
      if (in.available() > 0) {
        throw new IllegalArgumentException("trailing bytes after the session table");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("not a session table snapshot: " + e, e);
    }
    return table;
  }
}
