package dev.chorus.testkit.check;

import dev.chorus.testkit.history.Op;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What a checker found while walking a history, turned into one {@link Verdict}: invalid if any
 * violation was found, else unknown if some part could not be decided, else valid. Shared by the
 * session, staleness and invariant checkers so that their reports read alike.
 *
 * <p>An invalid verdict's explanation lists the first {@value #SHOWN} violations, one per line,
 * each saying which rule it breaks and naming its operations by {@code #id}; its operations are
 * those of the listed violations, in id order. Not thread-safe: one per check.
 */
final class Findings {
  /** How many violations an explanation lists; a broken history can have thousands. */
  static final int SHOWN = 20;

  private final String checker;
  private final List<String> violations = new ArrayList<>();
  private final List<List<Operation>> involved = new ArrayList<>();
  private final List<String> undecided = new ArrayList<>();

  Findings(String checker) {
    this.checker = checker;
  }

  /** Records a violation: what rule is broken, and by which operations. */
  void violation(String explanation, List<Operation> operations) {
    violations.add(explanation);
    involved.add(List.copyOf(operations));
  }

  /** Records a part of the history that could not be decided, and why. */
  void undecided(String reason) {
    undecided.add(reason);
  }

  /** The verdict; {@code summary} is the one-line summary used if the history is valid. */
  Verdict verdict(String summary) {
    if (!violations.isEmpty()) {
      return Verdict.invalid(checker, explanation(), shownOperations());
    }
    if (!undecided.isEmpty()) {
      return Verdict.unknown(checker, String.join("\n", undecided));
    }
    return Verdict.valid(checker, summary);
  }

  /**
   * What every vocabulary checker does first: pair the events into operations, and answer
   * unknown if one of them is outside {@code understood}; otherwise {@code check} decides.
   */
  static Verdict checkOperations(String checker, List<Op> history, Set<String> understood,
      Function<List<Operation>, Verdict> check) {
    List<Operation> ops = History.operations(history);
    return unsupported(checker, ops, understood).orElseGet(() -> check.apply(ops));
  }

  /**
   * An unknown verdict if some operation is not one the checker understands: ignoring it could
   * hide a write that a read then seems to invent, so the checker must not guess.
   */
  static Optional<Verdict> unsupported(String checker, List<Operation> ops, Set<String> understood) {
    for (Operation op : ops) {
      if (!understood.contains(op.f())) {
        return Optional.of(Verdict.unknown(checker, checker + " understands only " + understood
            + " operations, but #" + op.id() + " (line " + op.line() + ") is " + op.f()));
      }
    }
    return Optional.empty();
  }

  /** {@code "#3, #5 and #9"}, for explanations. */
  static String ids(Collection<Operation> ops) {
    List<String> ids = ops.stream().map(op -> "#" + op.id()).toList();
    if (ids.size() <= 1) {
      return String.join("", ids);
    }
    return String.join(", ", ids.subList(0, ids.size() - 1)) + " and " + ids.get(ids.size() - 1);
  }

  private String explanation() {
    StringBuilder out = new StringBuilder();
    out.append(violations.size()).append(violations.size() == 1 ? " violation:" : " violations:");
    for (String v : violations.subList(0, Math.min(SHOWN, violations.size()))) {
      out.append("\n- ").append(v);
    }
    if (violations.size() > SHOWN) {
      out.append("\n... and ").append(violations.size() - SHOWN).append(" more");
    }
    return out.toString();
  }

  private List<Operation> shownOperations() {
    TreeMap<Integer, Operation> byId = new TreeMap<>();
    for (List<Operation> ops : involved.subList(0, Math.min(SHOWN, involved.size()))) {
      ops.forEach(op -> byId.put(op.id(), op));
    }
    return List.copyOf(byId.values());
  }
}
