package dev.chorus.testkit.check;

import static dev.chorus.testkit.check.Histories.history;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the checkers report: violations over undecided parts, and a bounded list. */
class FindingsTest {
  private static Operation op(int id) {
    return new Operation(id, "1", "read", "x", null, null, id, id + 1, null, id + 1);
  }

  @Test
  void aViolationOutweighsAnUndecidedPartAndAnUndecidedPartOutweighsValid() {
    Findings both = new Findings("c");
    both.undecided("no read");
    both.violation("broken", List.of(op(1)));
    Findings undecided = new Findings("c");
    undecided.undecided("no read");

    assertEquals(Verdict.Validity.INVALID, both.verdict("fine").validity());
    assertEquals(Verdict.Validity.UNKNOWN, undecided.verdict("fine").validity());
    assertEquals(Verdict.Validity.VALID, new Findings("c").verdict("fine").validity());
  }

  @Test
  void aLongListOfViolationsShowsTheFirstOnesAndCountsTheRest() {
    Histories h = history().call(1, "read", "x", null, 100);
    for (int i = 0; i < 25; i++) {
      h.call(1, "read", "x", null, 99 - i);
    }

    Verdict v = SessionGuarantees.all(Versions.valueIsVersion()).check(h.build());

    assertTrue(v.explanation().startsWith("25 violations:"), v.explanation());
    assertTrue(v.explanation().endsWith("... and 5 more"), v.explanation());
    assertEquals(21, v.operations().size(), v.render());
  }
}
