package dev.chorus.testkit.check;

import dev.chorus.testkit.history.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks the session guarantees of Terry et al., "Session Guarantees for Weakly Consistent
 * Replicated Data" (PDIS 1994), per key, over single-key {@code read} and {@code write}
 * operations whose versions {@link Versions} gives.
 *
 * <p>A session is a client process: the history's {@code process}. After an {@code info} a client
 * continues under a new process id (Jepsen's rule), so a session ends at its first info; should a
 * history reuse the id, what follows is a new session. An info operation's result is unknown, so
 * it constrains nothing (a later read may well observe an info write; that is fine).
 *
 * <p>The rules, for a session and a key k ({@link Guarantee}):
 *
 * <ul>
 *   <li>read-your-writes: a read of k observes at least the version of the session's own earlier
 *       ok write to k;
 *   <li>monotonic reads: a read of k never observes an older version than an earlier read of k;
 *   <li>monotonic writes: a later write to k gets a higher version than an earlier write to k;
 *   <li>writes follow reads: a write to k after a read of k that observed version v gets a
 *       version above v.
 * </ul>
 *
 * <p>Terry states writes-follow-reads across keys too (the write is ordered after every write the
 * session read, at every server); with versions per key only its per-key part is checkable.
 *
 * <p>Any operation other than read and write gives an unknown verdict. Immutable and thread-safe.
 */
public final class SessionGuarantees implements Checker {
  /** One session guarantee; see the class documentation for the rules. */
  public enum Guarantee {
    /** A session's read of a key sees its own earlier writes to it. */
    READ_YOUR_WRITES("read-your-writes", "a session must see its own writes"),
    /** A session's successive reads of a key never go back to an older version. */
    MONOTONIC_READS("monotonic reads", "a session's reads must never go back to an older version"),
    /** A session's writes to a key take effect in the order it made them. */
    MONOTONIC_WRITES("monotonic writes", "a session's writes must take effect in the order it made them"),
    /** A session's write to a key is ordered after the versions of it the session has read. */
    WRITES_FOLLOW_READS("writes follow reads", "a write must be ordered after what its session has read");

    private final String title;
    private final String rule;

    Guarantee(String title, String rule) {
      this.title = title;
      this.rule = rule;
    }

    /** The guarantee's name as the paper writes it, such as "read-your-writes". */
    public String title() {
      return title;
    }
  }

  private static final Set<String> UNDERSTOOD = Set.of("read", "write");

  private final Versions versions;
  private final Set<Guarantee> guarantees;
  private final String name;

  private SessionGuarantees(Versions versions, Set<Guarantee> guarantees) {
    this.versions = Objects.requireNonNull(versions, "versions");
    this.guarantees = Set.copyOf(guarantees);
    this.name = "session-guarantees(" + EnumSet.copyOf(guarantees).stream()
        .map(Guarantee::title).collect(Collectors.joining(", ")) + ")";
  }

  /** A checker of all four guarantees. */
  public static SessionGuarantees all(Versions versions) {
    return new SessionGuarantees(versions, EnumSet.allOf(Guarantee.class));
  }

  /** A checker of the given guarantees only. */
  public static SessionGuarantees of(Versions versions, Guarantee first, Guarantee... more) {
    EnumSet<Guarantee> chosen = EnumSet.of(first);
    chosen.addAll(Arrays.asList(more));
    return new SessionGuarantees(versions, chosen);
  }

  /**
   * Checks every session. Invalid lists each violation with the two operations of the session
   * that conflict; unknown if an operation is neither read nor write.
   *
   * @throws History.MalformedHistory if events do not pair up, a read or write has no key, or a
   *     value carries no version
   */
  @Override
  public Verdict check(List<Op> history) {
    return Findings.checkOperations(name, history, UNDERSTOOD, this::checkAll);
  }

  private Verdict checkAll(List<Operation> ops) {
    Findings findings = new Findings(name);
    int sessions = 0;
    for (List<Operation> process : History.byProcess(ops).values()) {
      for (List<Operation> session : sessions(process)) {
        new Session(findings).walk(session);
        sessions++;
      }
    }
    return findings.verdict(sessions + " sessions, " + ops.size() + " operations");
  }

  /** A process's operations cut after each info: the client went on as a new session. */
  private static List<List<Operation>> sessions(List<Operation> process) {
    List<List<Operation>> sessions = new ArrayList<>();
    List<Operation> current = new ArrayList<>();
    for (Operation op : process) {
      current.add(op);
      if (op.isInfo()) {
        sessions.add(current);
        current = new ArrayList<>();
      }
    }
    if (!current.isEmpty()) {
      sessions.add(current);
    }
    return sessions;
  }

  /** What one session has done to one key: its newest write and the newest version it read. */
  private static final class Seen {
    Operation write;
    long writeVersion;
    Operation read;
    long readVersion;
  }

  /** Walks one session's operations in order, remembering what it has seen per key. */
  private final class Session {
    private final Findings findings;
    private final Map<String, Seen> byKey = new HashMap<>();

    Session(Findings findings) {
      this.findings = findings;
    }

    void walk(List<Operation> session) {
      for (Operation op : session) {
        if (op.key() == null) {
          throw OperationValues.malformed(op, "session guarantees are per key, but it has none");
        }
        if (op.isInfo()) {
          continue;
        }
        Seen seen = byKey.computeIfAbsent(op.key(), k -> new Seen());
        if (op.f().equals("read")) {
          read(op, seen);
        } else {
          write(op, seen);
        }
      }
    }

    private void read(Operation read, Seen seen) {
      long version = versions.observed(read, read.output());
      String saw = "process " + read.process() + " read " + read.key() + " at version " + version
          + " (#" + read.id() + ")";
      if (seen.write != null && version < seen.writeVersion) {
        report(Guarantee.READ_YOUR_WRITES, seen.write, read, saw + " after its own write of it got version "
            + seen.writeVersion + " (#" + seen.write.id() + ")");
      }
      if (seen.read != null && version < seen.readVersion) {
        report(Guarantee.MONOTONIC_READS, seen.read, read, saw + " after reading version "
            + seen.readVersion + " (#" + seen.read.id() + ")");
      }
      if (seen.read == null || version > seen.readVersion) {
        seen.read = read;
        seen.readVersion = version;
      }
    }

    private void write(Operation write, Seen seen) {
      long version = versions.written(write).orElseThrow();
      String got = "process " + write.process() + "'s write to " + write.key() + " got version " + version
          + " (#" + write.id() + ")";
      if (seen.write != null && version <= seen.writeVersion) {
        report(Guarantee.MONOTONIC_WRITES, seen.write, write, got + ", not above its earlier write's version "
            + seen.writeVersion + " (#" + seen.write.id() + ")");
      }
      if (seen.read != null && version <= seen.readVersion) {
        report(Guarantee.WRITES_FOLLOW_READS, seen.read, write, got + ", not above version "
            + seen.readVersion + ", which it had read (#" + seen.read.id() + ")");
      }
      if (seen.write == null || version > seen.writeVersion) {
        seen.write = write;
        seen.writeVersion = version;
      }
    }

    private void report(Guarantee g, Operation earlier, Operation later, String what) {
      if (guarantees.contains(g)) {
        findings.violation(g.title + ": " + what + "; " + g.rule, List.of(earlier, later));
      }
    }
  }
}
