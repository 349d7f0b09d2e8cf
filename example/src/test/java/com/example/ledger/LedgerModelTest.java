package com.example.ledger;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.testkit.check.LinearizabilityChecker;
import dev.chorus.testkit.history.Op;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The model tells a linearizable ledger history from one that is not. */
class LedgerModelTest {
  private static final Map<String, Long> OPENING = Map.of("a", 10L, "b", 10L);
  private static final LinearizabilityChecker CHECKER = new LinearizabilityChecker(new LedgerModel(OPENING));

  @Test
  void aReadAfterATransferSeesIt() {
    Op t = Op.client(1, Op.Type.INVOKE, "transfer", null, Map.of("from", "a", "to", "b", "amount", 3), 0, null);
    Op r = Op.client(2, Op.Type.INVOKE, "read", null, null, 20, null);
    List<Op> good = List.of(t, t.complete(Op.Type.OK, null, 10, null), r,
        r.complete(Op.Type.OK, Map.of("a", 7, "b", 13), 30, null));
    assertTrue(CHECKER.check(good).isValid());
    List<Op> stale = List.of(t, t.complete(Op.Type.OK, null, 10, null), r,
        r.complete(Op.Type.OK, Map.of("a", 10, "b", 10), 30, null));
    assertFalse(CHECKER.check(stale).isValid(), "a read that misses a transfer completed before it");
  }

  @Test
  void aTransferThatCouldNotHaveHadTheMoneyIsNotLinearizable() {
    Op t = Op.client(1, Op.Type.INVOKE, "transfer", null, Map.of("from", "a", "to", "b", "amount", 11), 0, null);
    assertFalse(CHECKER.check(List.of(t, t.complete(Op.Type.OK, null, 10, null))).isValid());
  }
}
