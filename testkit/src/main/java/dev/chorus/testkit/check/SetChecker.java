package dev.chorus.testkit.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.testkit.history.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Jepsen's set checker: elements added to a set must all be there when it is finally read, and
 * nothing else. Vocabulary: {@code add} operations whose value is one element, and a final
 * {@code read} whose ok value is a JSON array of the elements; each key is its own set (a null key
 * too). The final read is the set's last ok read in invocation order.
 *
 * <p>Against the final read:
 *
 * <ul>
 *   <li>lost: elements of ok adds that completed before the read began, missing from it;
 *   <li>unexpected: elements read that no add (ok or info) invoked before the read completed was
 *       adding;
 *   <li>duplicated: elements the read returned more than once;
 *   <li>recovered: elements of info adds that the read returned; not an error, an info add may
 *       have taken effect.
 * </ul>
 *
 * <p>An ok add concurrent with the final read may or may not be in it. The set is valid iff
 * nothing is lost, unexpected or duplicated; without an ok read it is unknown. Any operation other
 * than add and read gives an unknown verdict. Immutable and thread-safe.
 */
public final class SetChecker implements Checker {
  private static final String NAME = "set";
  private static final Set<String> UNDERSTOOD = Set.of("add", "read");

  private SetChecker() {}

  /** The set checker. */
  public static SetChecker create() {
    return new SetChecker();
  }

  /**
   * Checks each set against its final read. Invalid lists the lost, unexpected and duplicated
   * elements with the final read and the adds involved.
   *
   * @throws History.MalformedHistory if events do not pair up, an add has no element, or a read's
   *     value is not an array
   */
  @Override
  public Verdict check(List<Op> history) {
    return Findings.checkOperations(NAME, history, UNDERSTOOD, this::checkAll);
  }

  private Verdict checkAll(List<Operation> ops) {
    Findings findings = new Findings(NAME);
    List<String> summaries = new ArrayList<>();
    History.byKey(ops).forEach((key, set) -> check(key == null ? "the set" : "set " + key, set, findings)
        .ifPresent(summaries::add));
    return findings.verdict(String.join("; ", summaries));
  }

  /** Checks one set, reporting into {@code findings}; a summary if it has a final read. */
  private static Optional<String> check(String set, List<Operation> ops, Findings findings) {
    Map<JsonNode, List<Operation>> adds = ops.stream().filter(op -> op.f().equals("add"))
        .collect(Collectors.groupingBy(SetChecker::elementOf, LinkedHashMap::new, Collectors.toList()));
    Optional<Operation> last = ops.stream().filter(op -> op.f().equals("read") && op.isOk())
        .reduce((a, b) -> b);
    if (last.isEmpty()) {
      findings.undecided(set + " has no ok read, so there is nothing to compare its adds with");
      return Optional.empty();
    }
    Operation read = last.get();
    Map<JsonNode, Integer> counts = new LinkedHashMap<>();
    OperationValues.array(read, read.output(), "a set read's value")
        .forEach(e -> counts.merge(e, 1, Integer::sum));
    FinalRead finalRead = new FinalRead(set + ": the final read #" + read.id(), read, counts, adds);
    finalRead.reportLost(findings);
    finalRead.reportUnexpected(findings);
    finalRead.reportDuplicated(findings);
    return Optional.of(finalRead.summary());
  }

  /** A set's final read: how often it returned each element, against the adds of each element. */
  private record FinalRead(String title, Operation read, Map<JsonNode, Integer> counts,
      Map<JsonNode, List<Operation>> adds) {
    void reportLost(Findings findings) {
      List<Operation> lost = allAdds()
          .filter(add -> add.isOk() && add.precedes(read) && !counts.containsKey(elementOf(add))).toList();
      if (!lost.isEmpty()) {
        List<Operation> involved = new ArrayList<>(lost);
        involved.add(read);
        findings.violation(title + " lacks " + elements(lost) + ", added by " + Findings.ids(lost)
            + " which completed ok before it began; an acknowledged add must not be lost", involved);
      }
    }

    /** Elements no add invoked before the read completed was adding. */
    void reportUnexpected(Findings findings) {
      List<JsonNode> unexpected = counts.keySet().stream()
          .filter(e -> adds.getOrDefault(e, List.of()).stream().allMatch(read::precedes)).toList();
      if (!unexpected.isEmpty()) {
        findings.violation(title + " returned " + unexpected + ", which no add before it was adding;"
            + " a set holds only what was added", List.of(read));
      }
    }

    void reportDuplicated(Findings findings) {
      List<JsonNode> duplicated = counts.entrySet().stream().filter(e -> e.getValue() > 1)
          .map(Map.Entry::getKey).toList();
      if (!duplicated.isEmpty()) {
        findings.violation(title + " returned " + duplicated + " more than once; a set holds each element once",
            List.of(read));
      }
    }

    /** Counts, and the info adds the read recovered: they took effect after all. */
    String summary() {
      List<Operation> recovered = allAdds().filter(add -> add.isInfo() && counts.containsKey(elementOf(add))).toList();
      long ok = allAdds().filter(Operation::isOk).count();
      return title + " lost none of " + ok + " ok adds; " + recovered.size() + " info adds recovered ("
          + elements(recovered) + ")";
    }

    private Stream<Operation> allAdds() {
      return adds.values().stream().flatMap(List::stream);
    }
  }

  private static JsonNode elementOf(Operation add) {
    if (add.input() == null) {
      throw OperationValues.malformed(add, "an add needs an element as its value");
    }
    return add.input();
  }

  private static String elements(List<Operation> adds) {
    return adds.stream().map(add -> elementOf(add).toString()).collect(Collectors.joining(", ", "[", "]"));
  }
}
