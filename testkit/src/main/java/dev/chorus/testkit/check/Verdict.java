package dev.chorus.testkit.check;

import java.util.List;
import java.util.Objects;

/**
 * What a checker concluded about a history.
 *
 * <p>{@link Validity#INVALID} always comes with an explanation a person can act on and the
 * operations involved; {@link Validity#UNKNOWN} comes with the reason no conclusion was reached
 * (for example the search budget ran out). A checker never reports VALID when it did not finish.
 *
 * @param checker the checker's name, such as "linearizable(cas-register)"
 * @param validity valid, invalid or unknown
 * @param explanation why: for invalid, which operations and why no order of them works; for
 *     unknown, the reason; for valid, a one-line summary
 * @param operations the operations the explanation is about (empty when valid)
 */
public record Verdict(String checker, Validity validity, String explanation, List<Operation> operations) {
  /** The three outcomes of a check. */
  public enum Validity {
    /** The history satisfies the property. */
    VALID,
    /** The history violates the property; the explanation says how. */
    INVALID,
    /** No conclusion: the explanation says why (budget, unsupported operation). */
    UNKNOWN
  }

  /** Validates and copies. */
  public Verdict {
    Objects.requireNonNull(checker, "checker");
    Objects.requireNonNull(validity, "validity");
    Objects.requireNonNull(explanation, "explanation");
    operations = List.copyOf(operations);
  }

  /** The history satisfies the property. */
  public static Verdict valid(String checker, String summary) {
    return new Verdict(checker, Validity.VALID, summary, List.of());
  }

  /** The history violates the property. */
  public static Verdict invalid(String checker, String explanation, List<Operation> involved) {
    return new Verdict(checker, Validity.INVALID, explanation, involved);
  }

  /** No conclusion, for the given reason. */
  public static Verdict unknown(String checker, String reason) {
    return new Verdict(checker, Validity.UNKNOWN, reason, List.of());
  }

  /** Whether the property holds. */
  public boolean isValid() {
    return validity == Validity.VALID;
  }

  /** The worst of several verdicts: invalid over unknown over valid; the first such one. */
  public static Verdict worst(String checker, List<Verdict> verdicts) {
    Verdict worst = null;
    for (Verdict v : verdicts) {
      if (worst == null || severity(v) > severity(worst)) {
        worst = v;
      }
    }
    if (worst == null || worst.isValid()) {
      return valid(checker, verdicts.size() + " part(s) valid");
    }
    return worst;
  }

  private static int severity(Verdict v) {
    return switch (v.validity) {
      case VALID -> 0;
      case UNKNOWN -> 1;
      case INVALID -> 2;
    };
  }

  /** A multi-line report: the verdict, the explanation, then each operation involved. */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append(checker).append(": ").append(validity.name().toLowerCase()).append('\n');
    out.append("  ").append(explanation.replace("\n", "\n  ")).append('\n');
    for (Operation op : operations) {
      out.append("    ").append(op).append('\n');
    }
    return out.toString();
  }
}
