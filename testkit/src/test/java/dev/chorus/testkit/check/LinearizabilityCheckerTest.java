package dev.chorus.testkit.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.testkit.check.Verdict.Validity;
import dev.chorus.testkit.history.Op;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearizabilityCheckerTest {
  private static Verdict check(Model<?> model, Histories t) {
    return new LinearizabilityChecker(model).check(t.build());
  }

  private static void assertValid(Verdict v) {
    assertEquals(Validity.VALID, v.validity(), v::render);
  }

  private static void assertInvalid(Verdict v) {
    assertEquals(Validity.INVALID, v.validity(), v::render);
    assertTrue(!v.operations().isEmpty(), "an invalid verdict names its operations");
  }

  @Test
  void concurrentWriteMayBeSeenOrNot() {
    Histories t = Histories.history()
        .invoke(0, "write", null, 1)
        .invoke(1, "read", null, null).ok(1, null)
        .invoke(2, "read", null, null).ok(2, 1)
        .ok(0, 1);
    assertValid(check(Models.register(), t));
  }

  @Test
  void staleReadAfterAcknowledgedWriteIsCaught() {
    // The textbook counterexample: a write completes, then a later read misses it.
    Histories t = Histories.history()
        .call(0, "write", null, 1, 1)
        .call(1, "read", null, null, null);
    Verdict v = check(Models.register(), t);
    assertInvalid(v);
    assertTrue(v.explanation().contains("#1"), v::render);
  }

  @Test
  void newOldInversionIsCaught() {
    // Reader 1 sees the new value, then reader 2, starting after reader 1 returned, sees the old
    // one while the write is still in flight: each read alone is fine, together not.
    Histories t = Histories.history()
        .call(0, "write", null, 0, 0)
        .invoke(0, "write", null, 1)
        .invoke(1, "read", null, null).ok(1, 1)
        .invoke(2, "read", null, null).ok(2, 0)
        .ok(0, 1);
    assertInvalid(check(Models.register(), t));
  }

  @Test
  void readOfAValueNeverWrittenIsCaught() {
    Histories t = Histories.history().call(0, "write", null, 1, 1).call(1, "read", null, null, 2);
    assertInvalid(check(Models.register(), t));
  }

  @Test
  void aKeyWithOnlyUnknownOutcomesIsLinearizable() {
    // Every operation on "y" timed out: nothing to place there, whatever happened.
    Histories t = Histories.history()
        .call(0, "write", "x", 1, 1)
        .invoke(1, "write", "y", 2).info(1)
        .invoke(2, "read", "y", null).info(2);
    assertValid(check(Models.register(), t));
  }

  @Test
  void infoWriteMayTakeEffectLaterOrNever() {
    Histories later = Histories.history()
        .invoke(0, "write", null, 3).info(0)
        .call(1, "read", null, null, null)
        .call(1, "read", null, null, 3)
        .call(1, "read", null, null, 3);
    assertValid(check(Models.register(), later));
    Histories never = Histories.history().invoke(0, "write", null, 3).info(0).call(1, "read", null, null, null);
    assertValid(check(Models.register(), never));
    Histories flicker = Histories.history()
        .invoke(0, "write", null, 3).info(0)
        .call(1, "read", null, null, 3)
        .call(1, "read", null, null, null);
    assertInvalid(check(Models.register(), flicker));
  }

  @Test
  void infoWriteCannotTakeEffectBeforeItsInvocation() {
    Histories t = Histories.history()
        .call(1, "read", null, null, 3)
        .invoke(0, "write", null, 3).info(0);
    assertInvalid(check(Models.register(), t));
  }

  @Test
  void failedWriteNeverTookEffect() {
    Histories t = Histories.history().invoke(0, "write", null, 3).fail(0).call(1, "read", null, null, 3);
    assertInvalid(check(Models.register(), t));
  }

  @Test
  void casRegisterFollowsCompareAndSet() {
    Histories good = Histories.history()
        .call(0, "write", null, 1, 1)
        .call(1, "cas", null, List.of(1, 2), List.of(1, 2))
        .invoke(2, "cas", null, List.of(1, 3)).fail(2)
        .call(2, "read", null, null, 2);
    assertValid(check(Models.casRegister(), good));
    Histories bad = Histories.history()
        .call(0, "write", null, 1, 1)
        .call(1, "cas", null, List.of(1, 2), List.of(1, 2))
        .call(2, "cas", null, List.of(1, 3), List.of(1, 3));
    assertInvalid(check(Models.casRegister(), bad));
  }

  @Test
  void casThatReportsFalseDidNotMatch() {
    Histories t = Histories.history().call(0, "write", null, 1, 1).call(1, "cas", null, List.of(5, 2), false);
    assertValid(check(Models.casRegister(), t));
    Histories lie = Histories.history().call(0, "write", null, 1, 1).call(1, "cas", null, List.of(1, 2), false);
    assertInvalid(check(Models.casRegister(), lie));
  }

  @Test
  void keysAreCheckedApart() {
    Histories t = Histories.history()
        .call(0, "write", "x", 1, 1)
        .call(1, "write", "y", 2, 2)
        .call(0, "read", "x", null, 1)
        .call(1, "read", "y", null, 2)
        .call(2, "append", "z", "a", "a")
        .call(2, "append", "z", "b", "b")
        .call(2, "read", "z", null, "ab");
    assertValid(check(Models.kv(), t));
    Histories bad = Histories.history()
        .call(0, "write", "x", 1, 1)
        .call(1, "write", "y", 2, 2)
        .call(1, "read", "y", null, 1);
    Verdict v = check(Models.kv(), bad);
    assertInvalid(v);
    assertTrue(v.explanation().contains("key \"y\""), v::render);
  }

  @Test
  void setCounterAndQueueModels() {
    Histories set = Histories.history()
        .call(0, "add", null, 1, 1)
        .invoke(1, "add", null, 2)
        .call(0, "read", null, null, List.of(1))
        .ok(1, 2)
        .call(0, "read", null, null, List.of(2, 1));
    assertValid(check(Models.set(), set));
    assertInvalid(check(Models.set(), Histories.history()
        .call(0, "add", null, 1, 1).call(0, "read", null, null, List.of(1, 1))));
    Histories counter = Histories.history()
        .call(0, "add", null, 2, 2)
        .invoke(1, "add", null, -1).info(1)
        .call(0, "read", null, null, 1)
        .call(0, "read", null, null, 1);
    assertValid(check(Models.counter(), counter));
    assertInvalid(check(Models.counter(), Histories.history()
        .call(0, "add", null, 2, 2).call(0, "read", null, null, 3)));
    Histories queue = Histories.history()
        .call(0, "enqueue", null, 1, 1)
        .call(0, "enqueue", null, 2, 2)
        .call(1, "dequeue", null, null, 1)
        .call(1, "dequeue", null, null, 2)
        .call(1, "dequeue", null, null, null);
    assertValid(check(Models.queue(), queue));
    assertInvalid(check(Models.queue(), Histories.history()
        .call(0, "enqueue", null, 1, 1)
        .call(0, "enqueue", null, 2, 2)
        .call(1, "dequeue", null, null, 2)));
  }

  @Test
  void unknownOperationIsUnknownNotValid() {
    Verdict v = check(Models.register(), Histories.history().call(0, "cas", null, List.of(1, 2), List.of(1, 2)));
    assertEquals(Validity.UNKNOWN, v.validity());
    assertTrue(v.explanation().contains("no operation \"cas\""), v.explanation());
  }

  @Test
  void budgetThatRunsOutIsUnknown() {
    // Many concurrent unknown writes and a read nothing explains: the search must try
    // many orders, and a budget of 50 steps cannot finish it.
    Histories t = Histories.history();
    for (int p = 0; p < 12; p++) {
      t.invoke(p, "write", null, p).info(p);
    }
    t.call(20, "read", null, null, 99);
    Verdict v = new LinearizabilityChecker(Models.register(), 50).check(t.build());
    assertEquals(Validity.UNKNOWN, v.validity(), v::render);
    assertTrue(v.explanation().contains("budget"), v.explanation());
  }

  @Test
  void generatedHistoriesAreValidAndOneCorruptReadIsCaught() {
    for (long s = 1; s <= 40; s++) {
      long seed = s;
      List<Op> history = AtomicRegisterRun.record(seed, 6, 300, 3);
      Verdict good = new LinearizabilityChecker(Models.casRegister()).check(history);
      assertEquals(Validity.VALID, good.validity(), () -> "seed " + seed + ": " + good.render());
      List<Op> corrupt = AtomicRegisterRun.corruptOneRead(history, seed);
      Verdict bad = new LinearizabilityChecker(Models.casRegister()).check(corrupt);
      assertEquals(Validity.INVALID, bad.validity(), () -> "seed " + seed + ": " + bad.render());
    }
  }

  @Test
  void explanationNamesTheStuckOperation() {
    Histories t = Histories.history()
        .call(0, "write", null, 1, 1)
        .call(0, "write", null, 2, 2)
        .call(1, "read", null, null, 1);
    Verdict v = check(Models.register(), t);
    assertInvalid(v);
    String text = v.explanation();
    assertTrue(text.contains("#2") && text.contains("state 2"), text);
    assertTrue(Arrays.asList(v.render().split("\n")).size() > 3, v.render());
  }
}
