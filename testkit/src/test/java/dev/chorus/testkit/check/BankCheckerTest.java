package dev.chorus.testkit.check;

import static dev.chorus.testkit.check.CheckAssertions.assertInvalid;
import static dev.chorus.testkit.check.CheckAssertions.assertValid;
import static dev.chorus.testkit.check.Histories.history;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.testkit.history.Op;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Jepsen's bank: totals conserved, no negative balance unless allowed. */
class BankCheckerTest {
  private static Map<String, Object> transfer(String from, String to, long amount) {
    return Map.of("from", from, "to", to, "amount", amount);
  }

  @Test
  void readsThatConserveTheTotalAreValidWhateverTheTransfersWere() {
    List<Op> h = history()
        .call(0, "read", null, null, Map.of("a", 50, "b", 50))
        .invoke(1, "transfer", null, transfer("a", "b", 20)).ok(1)
        .invoke(1, "transfer", null, transfer("b", "a", 5)).info(1)
        .call(0, "read", null, null, Map.of("a", 30, "b", 70))
        .build();

    assertValid(BankChecker.withTotal(100).check(h));
    assertValid(BankChecker.totalOfFirstRead().check(h));
  }

  @Test
  void aReadWhoseTotalIsWrongIsInvalidWithItsTotal() {
    // Read #2 saw the debit of the transfer but not its credit: money vanished.
    List<Op> h = history()
        .call(0, "read", null, null, Map.of("a", 50, "b", 50))
        .invoke(1, "transfer", null, transfer("a", "b", 20)).ok(1)
        .call(0, "read", null, null, Map.of("a", 30, "b", 50))
        .build();

    assertInvalid(BankChecker.withTotal(100).check(h), "totalling 80 instead of 100", 2);
    assertInvalid(BankChecker.totalOfFirstRead().check(h), "totalling 80 instead of 100", 2);
    assertInvalid(BankChecker.withTotal(80).check(h), "totalling 100 instead of 80", 0);
  }

  @Test
  void aNegativeBalanceIsInvalidUnlessAllowed() {
    List<Op> h = history().call(0, "read", null, null, Map.of("a", -10, "b", 110)).build();

    assertInvalid(BankChecker.withTotal(100).check(h), "negative balances {a=-10}", 0);
    assertValid(BankChecker.withTotal(100).allowingNegativeBalances().check(h));
  }

  @Test
  void withoutAnOkReadTheVerdictIsUnknown() {
    List<Op> h = history()
        .invoke(0, "read", null, null).info(0)
        .invoke(1, "transfer", null, transfer("a", "b", 1)).ok(1)
        .build();

    assertEquals(Verdict.Validity.UNKNOWN, BankChecker.withTotal(100).check(h).validity());
  }

  @Test
  void malformedHistoriesAndUnknownOperationsAreRejected() {
    BankChecker checker = BankChecker.withTotal(100);
    History.MalformedHistory e = assertThrows(History.MalformedHistory.class,
        () -> checker.check(history().call(0, "read", null, null, Map.of("a", "lots")).build()));
    assertTrue(e.getMessage().contains("the balance of a"), e.getMessage());
    assertThrows(History.MalformedHistory.class,
        () -> checker.check(history().call(0, "read", null, null, 100).build()));
    assertEquals(Verdict.Validity.UNKNOWN,
        checker.check(history().call(0, "deposit", null, 5, null).build()).validity());
  }

  @Test
  void aRecordedExecutionIsValidAndCorruptingOneReadMakesItInvalid() {
    Map<String, Long> accounts = new LinkedHashMap<>(Map.of("a", 20L, "b", 20L, "c", 20L, "d", 20L, "e", 20L));
    List<String> names = List.copyOf(accounts.keySet());
    StoreRun.Store bank = new StoreRun.Store() {
      @Override
      public StoreRun.Invocation next(Random random) {
        if (random.nextInt(3) == 0) {
          return new StoreRun.Invocation("read", null, null);
        }
        String from = names.get(random.nextInt(names.size()));
        String to = names.get(random.nextInt(names.size()));
        return new StoreRun.Invocation("transfer", null, transfer(from, to, 1 + random.nextInt(10)));
      }

      @Override
      @SuppressWarnings("unchecked")
      public Object apply(StoreRun.Invocation op) {
        if (op.f().equals("read")) {
          return new LinkedHashMap<>(accounts);
        }
        Map<String, Object> t = (Map<String, Object>) op.input();
        long amount = (Long) t.get("amount");
        if (accounts.get((String) t.get("from")) < amount) {
          return StoreRun.FAILED;
        }
        accounts.merge((String) t.get("from"), -amount, Long::sum);
        accounts.merge((String) t.get("to"), amount, Long::sum);
        return t;
      }
    };
    List<Op> h = new StoreRun(19, 4, true, 0.05).run(bank, 300).build();
    BankChecker checker = BankChecker.withTotal(100);
    assertValid(checker.check(h));

    int read = lastOkRead(h);
    Map<String, Object> corrupted = new LinkedHashMap<>();
    h.get(read).value().fields().forEachRemaining(e -> corrupted.put(e.getKey(), e.getValue().asLong()));
    corrupted.put("a", (Long) corrupted.get("a") + 1);
    Verdict v = checker.check(Histories.withValue(h, read, corrupted));
    assertEquals(Verdict.Validity.INVALID, v.validity(), v.render());
  }

  private static int lastOkRead(List<Op> h) {
    for (int i = h.size() - 1; i >= 0; i--) {
      if (h.get(i).type() == Op.Type.OK && h.get(i).f().equals("read")) {
        return i;
      }
    }
    throw new AssertionError("the simulation produced no ok read");
  }
}
