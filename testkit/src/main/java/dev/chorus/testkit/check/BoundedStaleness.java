package dev.chorus.testkit.check;

import dev.chorus.testkit.history.Op;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Checks bounded staleness (Terry, "Replicated Data Consistency Explained Through Baseball",
 * CACM 2013): a read may lag the latest writes, but by at most k versions or at most t time.
 *
 * <p>Vocabulary: single-key {@code read} and {@code write} operations, whose versions
 * {@link Versions} gives (per key is enough). A read of key k that observed version v is stale by
 * the writes to k that completed ok before the read was invoked and have a version above v: by
 * their number, and by the time since the earliest of them completed (the test clock's
 * nanoseconds). Writes still in flight, or info, when the read began do not count: the read may
 * legitimately have been ordered before them. So a bound of 0 versions is "every read sees every
 * write that completed before it began".
 *
 * <p>Any operation other than read and write gives an unknown verdict. Immutable and thread-safe.
 */
public final class BoundedStaleness implements Checker {
  private static final Set<String> UNDERSTOOD = Set.of("read", "write");

  private final Versions versions;
  private final long maxVersionsBehind;
  private final long maxLagNanos;
  private final String name;

  private BoundedStaleness(Versions versions, long maxVersionsBehind, long maxLagNanos, String bound) {
    this.versions = Objects.requireNonNull(versions, "versions");
    this.maxVersionsBehind = maxVersionsBehind;
    this.maxLagNanos = maxLagNanos;
    this.name = "bounded-staleness(" + bound + ")";
  }

  /** Reads may miss at most {@code maxVersionsBehind} completed writes to their key. */
  public static BoundedStaleness versions(long maxVersionsBehind, Versions versions) {
    if (maxVersionsBehind < 0) {
      throw new IllegalArgumentException("maxVersionsBehind must be at least 0, got " + maxVersionsBehind);
    }
    return new BoundedStaleness(versions, maxVersionsBehind, Long.MAX_VALUE,
        "at most " + maxVersionsBehind + " versions behind");
  }

  /**
   * Reads may miss only writes that completed at most {@code maxLag} before the read was
   * invoked, on the test clock.
   */
  public static BoundedStaleness time(Duration maxLag, Versions versions) {
    if (maxLag.isNegative()) {
      throw new IllegalArgumentException("maxLag must not be negative, got " + maxLag);
    }
    return new BoundedStaleness(versions, Long.MAX_VALUE, maxLag.toNanos(),
        "at most " + maxLag.toNanos() + " ns behind");
  }

  /**
   * Checks every ok read. Invalid lists each read beyond the bound with the writes it missed.
   *
   * @throws History.MalformedHistory if events do not pair up, a read or write has no key, two
   *     writes to a key share a version, or a value carries no version
   */
  @Override
  public Verdict check(List<Op> history) {
    return Findings.checkOperations(name, history, UNDERSTOOD, this::checkAll);
  }

  private Verdict checkAll(List<Operation> ops) {
    WriteOrder order = WriteOrder.perKey(ops, versions);
    Findings findings = new Findings(name);
    int reads = 0;
    for (Operation op : ops) {
      if (op.f().equals("read") && op.isOk()) {
        check(op, order, findings);
        reads++;
      }
    }
    return findings.verdict(reads + " reads within the bound");
  }

  private void check(Operation read, WriteOrder order, Findings findings) {
    if (read.key() == null) {
      throw OperationValues.malformed(read, "staleness is per key, but the read has none");
    }
    long version = versions.observed(read, read.output());
    List<Operation> missed = order.writesTo(read.key()).tailMap(version, false).values().stream()
        .filter(w -> w.isOk() && w.precedes(read))
        .toList();
    if (missed.isEmpty()) {
      return;
    }
    long lagNanos = read.invokeTime() - missed.stream().mapToLong(Operation::completeTime).min().orElseThrow();
    if (missed.size() > maxVersionsBehind || lagNanos > maxLagNanos) {
      findings.violation(name + ": read #" + read.id() + " of " + read.key() + " returned version "
          + version + " when " + missed.size() + " newer writes had completed (" + Findings.ids(missed)
          + "), the earliest " + lagNanos + " ns before the read began; a read must not lag further",
          Stream.concat(Stream.of(read), missed.stream()).toList());
    }
  }
}
