package dev.chorus.testkit.check;

import dev.chorus.testkit.history.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks that a history is linearizable with respect to a {@link Model} (Herlihy and Wing,
 * "Linearizability: a correctness condition for concurrent objects", TOPLAS 12(3), 1990): every
 * operation appears to take effect at one instant between its invocation and its completion, in
 * an order the model accepts.
 *
 * <p>The history is split by key and each key checked on its own. That is sound and complete
 * because linearizability is a local property (Herlihy and Wing §3.3): a history of independent
 * objects is linearizable iff each object's sub-history is. Horn and Kroening call this
 * P-compositionality ("Faster linearizability checking via P-compositionality", FORTE 2015).
 *
 * <p>Operations that completed {@code info} may have taken effect at any time after their
 * invocation, or never; failed operations never did and are ignored. Each key's search is the
 * Wing–Gong–Lowe search ({@link LinearizabilitySearch}); a search that exceeds the budget of
 * steps gives {@link Verdict.Validity#UNKNOWN}, never a guess.
 *
 * <p>Thread-safe and deterministic.
 */
public final class LinearizabilityChecker implements Checker {
  /** The default budget: model steps over all keys before the verdict is unknown. */
  public static final long DEFAULT_BUDGET = 50_000_000L;

  private final Model<?> model;
  private final long budget;

  /** A checker for {@code model} with the default budget. */
  public LinearizabilityChecker(Model<?> model) {
    this(model, DEFAULT_BUDGET);
  }

  /** A checker for {@code model} that gives up (unknown) after {@code budget} model steps. */
  public LinearizabilityChecker(Model<?> model, long budget) {
    if (budget <= 0) {
      throw new IllegalArgumentException("budget must be positive, got " + budget);
    }
    this.model = model;
    this.budget = budget;
  }

  private String name() {
    return "linearizable(" + model.name() + ")";
  }

  @Override
  public Verdict check(List<Op> history) {
    return checkOperations(History.operations(history));
  }

  /** Checks already-paired operations. */
  public Verdict checkOperations(List<Operation> ops) {
    Map<String, List<Operation>> parts = History.byKey(ops);
    long left = budget;
    for (Map.Entry<String, List<Operation>> part : parts.entrySet()) {
      LinearizabilitySearch.Result result;
      try {
        result = new LinearizabilitySearch<>(model, part.getValue(), left).run();
      } catch (UnsupportedOperationException | IllegalArgumentException e) {
        return Verdict.unknown(name(), "cannot check: " + e.getMessage());
      }
      if (result instanceof LinearizabilitySearch.NotLinearizable no) {
        return explain(part.getKey(), part.getValue(), no);
      }
      if (result instanceof LinearizabilitySearch.OutOfBudget out) {
        return Verdict.unknown(name(), "search budget of " + budget + " steps ran out on "
            + keyName(part.getKey()) + " after placing " + out.placed() + " of "
            + part.getValue().size() + " operations; raise the budget or shorten the history");
      }
      left -= ((LinearizabilitySearch.Linearizable) result).steps();
    }
    return Verdict.valid(name(), ops.size() + " operations on " + parts.size()
        + " key(s) are linearizable (" + (budget - left) + " search steps)");
  }

  private Verdict explain(String key, List<Operation> part, LinearizabilitySearch.NotLinearizable no) {
    Operation stuck = no.stuck();
    List<Operation> involved = new ArrayList<>(no.lastPlaced());
    involved.add(stuck);
    List<Operation> concurrent = new ArrayList<>();
    for (Operation op : part) {
      boolean overlaps = !op.precedes(stuck) && !stuck.precedes(op);
      if (overlaps && !involved.contains(op) && concurrent.size() < 8) {
        concurrent.add(op);
      }
    }
    involved.addAll(concurrent);
    String text = keyName(key) + ": not linearizable. The longest order the search found places "
        + no.placed() + " of " + part.size() + " operations"
        + (no.lastPlaced().isEmpty() ? "" : ", ending with " + Operation.ids(no.lastPlaced()))
        + ", leaving the " + model.name() + " in state " + no.state() + ". Then " + Operation.ids(List.of(stuck))
        + " (" + stuck.f() + (stuck.isOk() ? " -> " + stuck.output() : "")
        + ") had completed without taking effect: its result does not fit that state, and no other"
        + " order of the operations before it, or concurrent with it"
        + (concurrent.isEmpty() ? "" : " (" + Operation.ids(concurrent) + ")") + ", makes it fit.";
    return Verdict.invalid(name(), text, involved);
  }

  private static String keyName(String key) {
    return key == null ? "the object" : "key \"" + key + "\"";
  }
}
