package dev.chorus.testkit.check;

import static dev.chorus.testkit.check.CheckAssertions.assertInvalid;
import static dev.chorus.testkit.check.CheckAssertions.assertValid;
import static dev.chorus.testkit.check.Histories.history;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chorus.testkit.history.Op;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Jepsen's counter bounds, with negative deltas and info adds. */
class CounterCheckerTest {
  private static final CounterChecker CHECKER = CounterChecker.fromZero();

  @Test
  void aReadOfWhatTheCompletedAddsMadeIsValid() {
    List<Op> h = history()
        .invoke(0, "add", null, 5).ok(0)
        .invoke(0, "add", null, -2).ok(0)
        .call(1, "read", null, null, 3)
        .build();

    assertValid(CHECKER.check(h));
  }

  @Test
  void aReadAboveWhatTheAddsCouldHaveMadeIsInvalidWithItsBounds() {
    List<Op> h = history()
        .invoke(0, "add", null, 5).ok(0)
        .call(1, "read", null, null, 6)
        .build();

    assertInvalid(CHECKER.check(h), "read #1 returned 6, outside [5, 5]", 1);
  }

  @Test
  void aReadThatLostACompletedAddIsInvalid() {
    // The textbook lost update: both increments acknowledged, the counter shows one.
    List<Op> h = history()
        .invoke(0, "add", null, 1).invoke(1, "add", null, 1).ok(0).ok(1)
        .call(2, "read", null, null, 1)
        .build();

    assertInvalid(CHECKER.check(h), "returned 1, outside [2, 2]", 2);
  }

  @Test
  void concurrentAndInfoAddsMayOrMayNotHaveHappened() {
    List<Op> h = history()
        .invoke(0, "add", null, 10).ok(0)
        .invoke(1, "add", null, 3).info(1)
        .invoke(2, "add", null, -4)
        .invoke(3, "read", null, null)
        .ok(3, 6)
        .ok(2)
        .build();

    // Bounds for the read: [10 - 4, 10 + 3] = [6, 13].
    assertValid(CHECKER.check(h));
    assertValid(CHECKER.check(Histories.withValue(h, 6, 13)));
    assertInvalid(CHECKER.check(Histories.withValue(h, 6, 5)), "outside [6, 13]", 3);
    assertInvalid(CHECKER.check(Histories.withValue(h, 6, 14)), "outside [6, 13]", 3);
  }

  @Test
  void anAddInvokedAfterTheReadCompletedCannotCount() {
    List<Op> h = history()
        .call(1, "read", null, null, 7)
        .invoke(0, "add", null, 7).ok(0)
        .build();

    assertInvalid(CHECKER.check(h), "outside [0, 0]", 0);
    assertValid(CounterChecker.startingAt(7).check(h));
  }

  @Test
  void malformedHistoriesAndUnknownOperationsAreRejected() {
    assertThrows(History.MalformedHistory.class,
        () -> CHECKER.check(history().call(0, "add", null, "one", null).build()));
    assertThrows(History.MalformedHistory.class,
        () -> CHECKER.check(history().call(0, "read", null, null, 1.5).build()));
    assertEquals(Verdict.Validity.UNKNOWN,
        CHECKER.check(history().call(0, "reset", null, null, null).build()).validity());
  }

  @Test
  void aRecordedExecutionIsValidAndCorruptingOneReadMakesItInvalid() {
    long[] counter = {0};
    StoreRun.Store store = new StoreRun.Store() {
      @Override
      public StoreRun.Invocation next(Random random) {
        return random.nextBoolean()
            ? new StoreRun.Invocation("add", null, (long) random.nextInt(16) - 5)
            : new StoreRun.Invocation("read", null, null);
      }

      @Override
      public Object apply(StoreRun.Invocation op) {
        if (op.f().equals("add")) {
          counter[0] += (Long) op.input();
          return op.input();
        }
        return counter[0];
      }
    };
    List<Op> h = new StoreRun(23, 4, true, 0.05).run(store, 400).build();
    assertValid(CHECKER.check(h));

    long everything = h.stream().filter(e -> e.type() == Op.Type.INVOKE && e.f().equals("add"))
        .mapToLong(e -> Math.abs(e.value().asLong())).sum();
    int read = firstOkRead(h);
    Verdict v = CHECKER.check(Histories.withValue(h, read, h.get(read).value().asLong() + everything + 1));
    assertEquals(Verdict.Validity.INVALID, v.validity(), v.render());
  }

  private static int firstOkRead(List<Op> h) {
    for (int i = 0; i < h.size(); i++) {
      if (h.get(i).type() == Op.Type.OK && h.get(i).f().equals("read")) {
        return i;
      }
    }
    throw new AssertionError("the simulation produced no ok read");
  }
}
