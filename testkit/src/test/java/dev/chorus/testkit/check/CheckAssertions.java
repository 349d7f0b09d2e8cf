package dev.chorus.testkit.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

/** Assertions on verdicts, shared by the checkers' tests. */
final class CheckAssertions {
  private CheckAssertions() {}

  /** Invalid, the explanation naming {@code rule}, involving exactly the operations {@code ids}. */
  static void assertInvalid(Verdict v, String rule, int... ids) {
    assertEquals(Verdict.Validity.INVALID, v.validity(), v.render());
    assertTrue(v.explanation().contains(rule), v.render());
    assertEquals(Arrays.stream(ids).boxed().toList(), v.operations().stream().map(Operation::id).toList(),
        v.render());
  }

  /** Valid; the message shows the verdict otherwise. */
  static void assertValid(Verdict v) {
    assertTrue(v.isValid(), v.render());
  }
}
