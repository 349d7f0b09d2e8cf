package dev.chorus.consensus.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.testkit.check.Verdict;
import dev.chorus.testkit.history.Op;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The write-once register model, against histories known to be linearizable and known not to be. */
class WriteOnceRegisterTest {
  /** Builds a history, one event per call, 1 ns apart. */
  private static final class H {
    final List<Op> ops = new ArrayList<>();
    final java.util.Map<Long, Op> open = new java.util.HashMap<>();
    long time;

    H invoke(long process, String f, Object value) {
      Op op = Op.client(process, Op.Type.INVOKE, f, "r", value, ++time, null);
      open.put(process, op);
      ops.add(op);
      return this;
    }

    H ok(long process, Object result) {
      ops.add(open.remove(process).complete(Op.Type.OK, result, ++time, null));
      return this;
    }

    H info(long process) {
      ops.add(open.remove(process).complete(Op.Type.INFO, null, ++time, null));
      return this;
    }

    Verdict.Validity check() {
      return PaxosSimulation.CHECKER.check(ops).validity();
    }
  }

  @Test
  void theFirstProposalWinsAndEveryoneSeesIt() {
    H h = new H().invoke(1, "read", null).ok(1, null)
        .invoke(1, "propose", "a").ok(1, "a")
        .invoke(2, "propose", "b").ok(2, "a")
        .invoke(3, "read", null).ok(3, "a");
    assertEquals(Verdict.Validity.VALID, h.check());
  }

  @Test
  void concurrentProposalsMayEitherWin() {
    H h = new H().invoke(1, "propose", "a").invoke(2, "propose", "b").ok(2, "b").ok(1, "b");
    assertEquals(Verdict.Validity.VALID, h.check());
  }

  @Test
  void aProposalWhoseOutcomeIsUnknownMayWinLater() {
    H h = new H().invoke(1, "propose", "a").info(1)
        .invoke(2, "read", null).ok(2, null)
        .invoke(3, "propose", "b").ok(3, "a");
    assertEquals(Verdict.Validity.VALID, h.check());
  }

  @Test
  void twoChosenValuesAreCaught() {
    H h = new H().invoke(1, "propose", "a").ok(1, "a").invoke(2, "propose", "b").ok(2, "b");
    assertEquals(Verdict.Validity.INVALID, h.check());
  }

  @Test
  void aReadOfNothingAfterAChoiceIsCaught() {
    H h = new H().invoke(1, "propose", "a").ok(1, "a").invoke(2, "read", null).ok(2, null);
    assertEquals(Verdict.Validity.INVALID, h.check());
  }

  @Test
  void aValueNobodyProposedIsCaught() {
    H h = new H().invoke(1, "propose", "a").ok(1, "z");
    assertEquals(Verdict.Validity.INVALID, h.check());
  }
}
