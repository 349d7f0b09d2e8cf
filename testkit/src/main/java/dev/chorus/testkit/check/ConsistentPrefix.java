package dev.chorus.testkit.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.testkit.history.Op;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks consistent prefix (Terry, "Replicated Data Consistency Explained Through Baseball",
 * CACM 2013): every read returns the state after some prefix of the one global order of writes,
 * never a mix no moment had. In the paper's game, a read may lag but never shows visitors 2, home
 * 0 when the home team scored before the visitors' second run.
 *
 * <p>Vocabulary: {@code write} operations to one key carry global versions, unique across keys
 * (through {@link Versions}: the store's log index, or a global sequence as the value). A
 * {@code read} with a null key is a snapshot: its ok value is a JSON object mapping each key read
 * to what a single-key read of it would return (null: never written); keys it leaves out are not
 * part of the snapshot. A read with a key is a snapshot of that key alone. Only versions are
 * compared, not the values beside them.
 *
 * <p>The order is made of the ok writes. An info write may or may not have taken effect, so a read
 * never misses it, but a read may show it (with an unknown version, at any version no other write
 * has). Real time plays no part: consistent prefix lets a read lag arbitrarily. Any operation
 * other than read and write gives an unknown verdict. Immutable and thread-safe.
 */
public final class ConsistentPrefix implements Checker {
  private static final String NAME = "consistent-prefix";
  private static final Set<String> UNDERSTOOD = Set.of("read", "write");

  private final Versions versions;

  private ConsistentPrefix(Versions versions) {
    this.versions = Objects.requireNonNull(versions, "versions");
  }

  /** A checker whose writes' versions, global across keys, {@code versions} gives. */
  public static ConsistentPrefix of(Versions versions) {
    return new ConsistentPrefix(versions);
  }

  /**
   * Checks every ok read. Invalid lists each read that shows no prefix's state, with the closest
   * prefix, the key that breaks it and the writes it missed or saw too early; or a read showing a
   * version no write to that key had.
   *
   * @throws History.MalformedHistory if events do not pair up, two writes share a version, a
   *     write has no key, or a value carries no version
   */
  @Override
  public Verdict check(List<Op> history) {
    return Findings.checkOperations(NAME, history, UNDERSTOOD, this::checkAll);
  }

  private Verdict checkAll(List<Operation> ops) {
    WriteOrder order = WriteOrder.global(ops, versions);
    Findings findings = new Findings(NAME);
    int reads = 0;
    for (Operation op : ops) {
      if (op.f().equals("read") && op.isOk()) {
        new SnapshotCheck(op, snapshot(op), order, findings).run();
        reads++;
      }
    }
    return findings.verdict(reads + " reads, each the state after a prefix of " + order.size() + " writes");
  }

  /** The versions a read observed, by key, in key order. */
  private TreeMap<String, Long> snapshot(Operation read) {
    TreeMap<String, Long> observed = new TreeMap<>();
    if (read.key() != null) {
      observed.put(read.key(), versions.observed(read, read.output()));
      return observed;
    }
    JsonNode entries = OperationValues.object(read, read.output(), "a snapshot read's value");
    for (Iterator<Map.Entry<String, JsonNode>> it = entries.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      observed.put(e.getKey(), versions.observed(read, e.getValue()));
    }
    return observed;
  }

  /** Checks one snapshot against the write order, reporting into {@code findings}. */
  private record SnapshotCheck(Operation read, TreeMap<String, Long> observed, WriteOrder order, Findings findings) {
    void run() {
      for (Map.Entry<String, Long> e : observed.entrySet()) {
        if (!order.mayHaveWritten(e.getKey(), e.getValue())) {
          reportNeverWritten(e.getKey(), e.getValue());
          return;
        }
      }
      long prefix = closestPrefix();
      List<String> broken = new ArrayList<>();
      List<Operation> involved = new ArrayList<>(List.of(read));
      order.write(prefix).ifPresent(involved::add);
      observed.forEach((key, shown) -> explain(key, shown, prefix, involved).ifPresent(broken::add));
      if (!broken.isEmpty()) {
        findings.violation("consistent prefix: read #" + read.id() + " shows versions " + observed
            + ", a state that never existed; the closest state is after the writes up to version "
            + prefix + idOf(prefix) + ", where " + String.join("; ", broken)
            + "; every read must show the state after some prefix of the writes",
            involved.stream().distinct().toList());
      }
    }

    /** How {@code key} disagrees with the state after {@code prefix}, adding the writes why. */
    private Optional<String> explain(String key, long shown, long prefix, List<Operation> involved) {
      long there = stateAt(key, shown, prefix);
      if (shown < there) {
        List<Operation> missed = order.writesTo(key, shown, prefix);
        involved.addAll(missed);
        return Optional.of(key + " is at version " + there + ", but the read shows " + shown
            + ", missing " + Findings.ids(missed));
      }
      if (shown > there) {
        order.write(shown).ifPresent(involved::add);
        return Optional.of("the read shows " + key + " at version " + shown + idOf(shown)
            + ", a write after that prefix");
      }
      return Optional.empty();
    }

    /** " (#id)" of the write with this version, or "" if none is known. */
    private String idOf(long version) {
      return order.write(version).map(w -> " (#" + w.id() + ")").orElse("");
    }

    /**
     * The prefix (its last version; 0 for none) whose state agrees with the most keys read, the
     * longest on a tie. Key k agrees with the prefixes from its version up to its next write, so
     * the best prefix starts at one of the versions read.
     */
    private long closestPrefix() {
      long best = 0;
      int bestAgreeing = -1;
      for (long candidate : observed.values()) {
        int agreeing = 0;
        for (Map.Entry<String, Long> e : observed.entrySet()) {
          if (stateAt(e.getKey(), e.getValue(), candidate) == e.getValue()) {
            agreeing++;
          }
        }
        if (agreeing > bestAgreeing || (agreeing == bestAgreeing && candidate > best)) {
          best = candidate;
          bestAgreeing = agreeing;
        }
      }
      return best;
    }

    /**
     * The version of {@code key} after the writes up to {@code prefix}. The version the read
     * showed counts as written even if no write is known to have had it: it may be an info
     * write's, whose version only this read reveals.
     */
    private long stateAt(String key, long shown, long prefix) {
      long known = order.versionAt(key, prefix);
      return shown <= prefix ? Math.max(known, shown) : known;
    }

    private void reportNeverWritten(String key, long version) {
      Optional<Operation> other = order.write(version);
      String why = other.map(w -> "version " + version + " was a write to " + w.key() + " (#" + w.id() + ")")
          .orElse("no write had version " + version);
      List<Operation> involved = new ArrayList<>(List.of(read));
      other.ifPresent(involved::add);
      findings.violation("consistent prefix: read #" + read.id() + " shows " + key + " at version "
          + version + ", which was never written to " + key + ": " + why, involved);
    }
  }
}
