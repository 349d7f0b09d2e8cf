package dev.chorus.testkit.check;

import dev.chorus.testkit.history.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that a history is sequentially consistent (Lamport 1979): some single order of all its
 * operations keeps each process's own order and is accepted by the model. Real time does not
 * matter, so a read may miss a write that completed before it began, provided no process sees
 * the writes out of an order every process could agree on. That is the difference from
 * {@link LinearizabilityChecker}.
 *
 * <p>Sequential consistency is not a local property (Herlihy and Wing 1990, §3.3): two keys can
 * each be sequentially consistent while the whole history is not (the store-buffer litmus test).
 * So the whole history is searched at once, with the model applied per key. The search grows
 * with the number of processes and their overlap; a search that exceeds the budget gives
 * {@link Verdict.Validity#UNKNOWN}.
 */
public final class SequentialChecker implements Checker {
  private final Model<?> model;
  private final long budget;

  /** A checker for {@code model} with {@link LinearizabilityChecker#DEFAULT_BUDGET}. */
  public SequentialChecker(Model<?> model) {
    this(model, LinearizabilityChecker.DEFAULT_BUDGET);
  }

  /** A checker for {@code model} that gives up (unknown) after {@code budget} search steps. */
  public SequentialChecker(Model<?> model, long budget) {
    if (budget <= 0) {
      throw new IllegalArgumentException("budget must be positive, got " + budget);
    }
    this.model = model;
    this.budget = budget;
  }

  private String name() {
    return "sequential(" + model.name() + ")";
  }

  @Override
  public Verdict check(List<Op> history) {
    List<Operation> ops = History.operations(history);
    List<List<Operation>> processes = new ArrayList<>(History.byProcess(ops).values());
    SequentialSearch.Result result;
    try {
      result = new SequentialSearch<>(new KeyedModel<>(model), processes, budget).run();
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return Verdict.unknown(name(), "cannot check: " + e.getMessage());
    }
    if (result instanceof SequentialSearch.NotSequential no) {
      return explain(ops.size(), no);
    }
    if (result instanceof SequentialSearch.OutOfBudget out) {
      return Verdict.unknown(name(), "search budget of " + budget + " steps ran out after placing "
          + out.placed() + " of " + ops.size() + " operations; raise the budget or use fewer"
          + " processes");
    }
    return Verdict.valid(name(), ops.size() + " operations of " + processes.size()
        + " processes are sequentially consistent ("
        + ((SequentialSearch.Sequential) result).steps() + " search steps)");
  }

  private Verdict explain(int total, SequentialSearch.NotSequential no) {
    List<Operation> involved = new ArrayList<>(no.lastPlaced());
    involved.addAll(no.next());
    String text = "not sequentially consistent. The longest order the search found, keeping each"
        + " process's order, places " + no.placed() + " of " + total + " operations"
        + (no.lastPlaced().isEmpty() ? "" : ", ending with " + Operation.ids(no.lastPlaced()))
        + ", leaving state " + no.state() + ". No process's next operation ("
        + Operation.ids(no.next()) + ") fits that state, and no other order of the earlier operations"
        + " makes one fit.";
    return Verdict.invalid(name(), text, involved);
  }
}
