package dev.chorus.testkit.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.testkit.check.Verdict.Validity;
import dev.chorus.testkit.history.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequentialCheckerTest {
  private static Verdict sequential(Timeline t) {
    return new SequentialChecker(Models.register()).check(t.events());
  }

  private static Verdict linearizable(Timeline t) {
    return new LinearizabilityChecker(Models.register()).check(t.events());
  }

  @Test
  void staleReadIsSequentialButNotLinearizable() {
    // The consistency-models lesson: the read starts after the write returned yet misses it.
    // No process saw anything out of order, so some sequential order exists (read, then write);
    // real time forbids that order, so it is not linearizable.
    Timeline t = new Timeline()
        .call(0, "write", "x", 1, 1)
        .call(1, "read", "x", null, null);
    assertEquals(Validity.VALID, sequential(t).validity(), () -> sequential(t).render());
    assertEquals(Validity.INVALID, linearizable(t).validity());
  }

  @Test
  void writesSeenOutOfTheirProgramOrderAreNotSequential() {
    Timeline t = new Timeline()
        .call(0, "write", "x", 1, 1)
        .call(0, "write", "x", 2, 2)
        .call(1, "read", "x", null, 2)
        .call(1, "read", "x", null, 1);
    Verdict v = sequential(t);
    assertEquals(Validity.INVALID, v.validity(), v::render);
    assertTrue(v.operations().size() >= 1, v::render);
  }

  @Test
  void storeBufferLitmusIsNotSequentialThoughEachKeyIs() {
    // Each process writes its own key, then reads the other's and misses it. Each key alone has
    // a sequential order; together they do not: sequential consistency is not local.
    Timeline t = new Timeline()
        .invoke(0, "write", "x", 1).invoke(1, "write", "y", 1).ok(0, 1).ok(1, 1)
        .invoke(0, "read", "y", null).invoke(1, "read", "x", null).ok(0, null).ok(1, null);
    assertEquals(Validity.INVALID, sequential(t).validity(), () -> sequential(t).render());
    for (String key : List.of("x", "y")) {
      List<Op> only = t.events().stream().filter(e -> key.equals(e.key())).toList();
      Verdict v = new SequentialChecker(Models.register()).check(only);
      assertEquals(Validity.VALID, v.validity(), v::render);
    }
  }

  @Test
  void unknownWriteMayBeSkipped() {
    Timeline t = new Timeline()
        .invoke(0, "write", "x", 5).info(0)
        .call(1, "read", "x", null, null)
        .call(1, "read", "x", null, 5);
    assertEquals(Validity.VALID, sequential(t).validity());
    Timeline flicker = new Timeline()
        .invoke(0, "write", "x", 5).info(0)
        .call(1, "read", "x", null, 5)
        .call(1, "read", "x", null, null);
    assertEquals(Validity.INVALID, sequential(flicker).validity());
  }

  @Test
  void generatedHistoriesAreSequentialAndOneCorruptReadIsCaught() {
    for (long s = 1; s <= 20; s++) {
      long seed = s;
      List<Op> history = AtomicRegisterRun.record(seed, 4, 60, 2);
      Verdict good = new SequentialChecker(Models.casRegister()).check(history);
      assertEquals(Validity.VALID, good.validity(), () -> "seed " + seed + ": " + good.render());
    }
    // A read of a value no process ever wrote fits no order at all.
    List<Op> history = AtomicRegisterRun.record(7, 4, 60, 2);
    List<Op> corrupt = new java.util.ArrayList<>(history);
    for (int i = 0; i < corrupt.size(); i++) {
      Op e = corrupt.get(i);
      if (e.type() == Op.Type.OK && e.f().equals("read")) {
        corrupt.set(i, e.complete(Op.Type.OK, 999_999, e.time(), e.node()));
        break;
      }
    }
    Verdict bad = new SequentialChecker(Models.casRegister()).check(corrupt);
    assertEquals(Validity.INVALID, bad.validity(), bad::render);
  }
}
