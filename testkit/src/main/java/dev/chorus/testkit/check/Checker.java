package dev.chorus.testkit.check;

import dev.chorus.testkit.history.Op;
import java.util.List;

/**
 * Checks a property of a recorded history. Implementations are deterministic and thread-safe:
 * the same history always gives the same verdict.
 */
@FunctionalInterface
public interface Checker {
  /**
   * Checks {@code history} (events in the order they were recorded; nemesis events are allowed
   * and ignored unless the checker says otherwise).
   *
   * @throws History.MalformedHistory if the events do not pair up into operations
   */
  Verdict check(List<Op> history);
}
