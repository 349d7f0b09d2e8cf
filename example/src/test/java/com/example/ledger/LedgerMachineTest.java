package com.example.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerMachineTest {
  @Test
  void transfersMoveMoneyAndRefuseWhatTheyCannotDo() {
    LedgerMachine m = new LedgerMachine();
    m.apply(1, new LedgerCommand.Open("a"));
    m.apply(2, new LedgerCommand.Open("b"));
    assertEquals(new LedgerResult.Balance("a", 10), m.apply(3, new LedgerCommand.Deposit("a", 10)));
    assertEquals(new LedgerResult.Transferred("a", 3, "b", 7), m.apply(4, new LedgerCommand.Transfer("a", "b", 7)));
    IllegalArgumentException overdraft =
        assertThrows(IllegalArgumentException.class, () -> m.apply(5, new LedgerCommand.Transfer("a", "b", 4)));
    assertTrue(overdraft.getMessage().contains("holds 3, less than 4"), overdraft.getMessage());
    assertThrows(IllegalArgumentException.class, () -> m.apply(6, new LedgerCommand.Transfer("a", "c", 1)));
    assertThrows(IllegalArgumentException.class, () -> m.apply(7, new LedgerCommand.Open("a")));
    assertThrows(IllegalArgumentException.class, () -> new LedgerCommand.Transfer("a", "a", 1));
    assertThrows(IllegalArgumentException.class, () -> new LedgerCommand.Deposit("a", 0));
    assertThrows(IllegalArgumentException.class, () -> new LedgerCommand.Open("no spaces"));
    assertEquals(new LedgerResult.Balances(Map.of("a", 3L, "b", 7L)), m.query(new LedgerQuery.AllBalances()));
    assertEquals(10, ((LedgerResult.Balances) m.query(new LedgerQuery.AllBalances())).total(), "refusals changed nothing");
  }

  @Test
  void aSnapshotRestoresTheSameBalances() {
    LedgerMachine m = new LedgerMachine();
    m.apply(1, new LedgerCommand.Open("a"));
    m.apply(2, new LedgerCommand.Deposit("a", 5));
    LedgerMachine copy = new LedgerMachine();
    copy.restore(m.snapshot());
    assertEquals(m.query(new LedgerQuery.AllBalances()), copy.query(new LedgerQuery.AllBalances()));
  }

  @Test
  void everyMessageRoundTripsThroughItsCodec() {
    for (LedgerCommand c : List.of(new LedgerCommand.Open("a"), new LedgerCommand.Deposit("a", 5),
        new LedgerCommand.Transfer("a", "b", 2))) {
      assertEquals(c, LedgerCodecs.COMMANDS.decode(LedgerCodecs.COMMANDS.encode(c)));
    }
    for (LedgerQuery q : List.of(new LedgerQuery.Balance("a"), new LedgerQuery.AllBalances())) {
      assertEquals(q, LedgerCodecs.QUERIES.decode(LedgerCodecs.QUERIES.encode(q)));
    }
    for (LedgerResult r : List.of(new LedgerResult.Balance("a", 1), new LedgerResult.Transferred("a", 1, "b", 2),
        new LedgerResult.Balances(Map.of("a", 1L, "b", 2L)))) {
      assertEquals(r, LedgerCodecs.RESULTS.decode(LedgerCodecs.RESULTS.encode(r)));
    }
    assertThrows(IllegalArgumentException.class, () -> LedgerCodecs.COMMANDS.decode(new byte[] {'z'}));
  }
}
