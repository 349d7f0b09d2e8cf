package dev.chorus.testkit.check;

import static dev.chorus.testkit.check.CheckAssertions.assertInvalid;
import static dev.chorus.testkit.check.CheckAssertions.assertValid;
import static dev.chorus.testkit.check.Histories.history;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.testkit.history.Op;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Jepsen's set checker: lost, unexpected, duplicated and recovered elements. */
class SetCheckerTest {
  private static final SetChecker CHECKER = SetChecker.create();

  /** Adds 1 (ok, #0), 2 (ok, #1) and 3 (info, #2). */
  private static Histories threeAdds() {
    return history()
        .invoke(0, "add", null, 1).ok(0)
        .invoke(0, "add", null, 2).ok(0)
        .invoke(1, "add", null, 3).info(1);
  }

  @Test
  void everyAcknowledgedElementReadOnceIsValidAndRecoveredInfoAddsAreReported() {
    Verdict v = CHECKER.check(threeAdds().call(2, "read", null, null, List.of(2, 1, 3)).build());

    assertValid(v);
    assertTrue(v.explanation().contains("1 info adds recovered ([3])"), v.explanation());
  }

  @Test
  void anAcknowledgedAddMissingFromTheFinalReadIsLost() {
    List<Op> h = threeAdds().call(2, "read", null, null, List.of(2)).build();

    assertInvalid(CHECKER.check(h), "lacks [1], added by #0", 0, 3);
  }

  @Test
  void anElementNoAddWroteIsUnexpected() {
    List<Op> h = threeAdds()
        .call(2, "read", null, null, List.of(1, 2, 4, 5))
        .invoke(3, "add", null, 5).ok(3)
        .build();

    assertInvalid(CHECKER.check(h), "returned [4, 5], which no add before it was adding", 3);
  }

  @Test
  void anElementReadTwiceIsDuplicated() {
    List<Op> h = threeAdds().call(2, "read", null, null, List.of(1, 2, 2)).build();

    assertInvalid(CHECKER.check(h), "returned [2] more than once", 3);
  }

  @Test
  void anAddConcurrentWithTheFinalReadMayBeMissingAndOnlyTheLastReadCounts() {
    List<Op> h = history()
        .invoke(0, "add", null, 1).ok(0)
        .call(2, "read", null, null, List.of())
        .invoke(0, "add", null, 2)
        .invoke(2, "read", null, null)
        .ok(0)
        .ok(2, List.of(1))
        .build();

    assertValid(CHECKER.check(h));
  }

  @Test
  void eachKeyIsItsOwnSetAndASetWithoutAReadIsUnknown() {
    List<Op> h = history()
        .invoke(0, "add", "a", 1).ok(0)
        .invoke(0, "add", "b", 1).ok(0)
        .call(1, "read", "a", null, List.of(1))
        .build();

    Verdict v = CHECKER.check(h);

    assertEquals(Verdict.Validity.UNKNOWN, v.validity(), v.render());
    assertTrue(v.explanation().contains("set b has no ok read"), v.explanation());
  }

  @Test
  void malformedHistoriesAndUnknownOperationsAreRejected() {
    assertThrows(History.MalformedHistory.class,
        () -> CHECKER.check(threeAdds().call(2, "read", null, null, 7).build()));
    assertThrows(History.MalformedHistory.class,
        () -> CHECKER.check(history().call(0, "add", null, null, null).build()));
    assertEquals(Verdict.Validity.UNKNOWN,
        CHECKER.check(threeAdds().call(2, "remove", null, 1, null).build()).validity());
  }

  @Test
  void aRecordedExecutionIsValidAndRemovingOneAcknowledgedElementMakesItInvalid() {
    Set<Long> set = new LinkedHashSet<>();
    StoreRun.Store store = new StoreRun.Store() {
      private long next;

      @Override
      public StoreRun.Invocation next(Random random) {
        return new StoreRun.Invocation("add", null, ++next);
      }

      @Override
      public Object apply(StoreRun.Invocation add) {
        set.add((Long) add.input());
        return add.input();
      }
    };
    Histories run = new StoreRun(17, 5, true, 0.1).run(store, 300);
    List<Op> h = run.call(99, "read", null, null, new ArrayList<>(set)).build();
    assertValid(CHECKER.check(h));

    long acknowledged = h.stream().filter(e -> e.type() == Op.Type.OK && e.f().equals("add"))
        .findFirst().orElseThrow().value().asLong();
    set.remove(acknowledged);
    Verdict v = CHECKER.check(Histories.withValue(h, h.size() - 1, new ArrayList<>(set)));
    assertEquals(Verdict.Validity.INVALID, v.validity(), v.render());
    assertTrue(v.explanation().contains("lacks [" + acknowledged + "]"), v.explanation());
  }
}
