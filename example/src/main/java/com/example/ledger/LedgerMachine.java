package com.example.ledger;

import dev.chorus.core.spi.StateMachine;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ledger as a replicated state machine: accounts and their balances. Deterministic; a
 * command it refuses (an unknown account, too little money) throws before it changes anything,
 * so every member refuses it alike and the submit fails with the reason. Money enters only by
 * deposits, so the total of all balances changes by deposits alone.
 */
public final class LedgerMachine implements StateMachine<LedgerCommand, LedgerQuery, LedgerResult> {
  private final TreeMap<String, Long> balances = new TreeMap<>();

  @Override
  public LedgerResult apply(long index, LedgerCommand command) {
    if (command instanceof LedgerCommand.Open open) {
      if (balances.containsKey(open.account())) {
        throw new IllegalArgumentException("account " + open.account() + " is already open");
      }
      balances.put(open.account(), 0L);
      return new LedgerResult.Balance(open.account(), 0);
    }
    if (command instanceof LedgerCommand.Deposit deposit) {
      long balance = Math.addExact(balanceOf(deposit.account()), deposit.amount());
      balances.put(deposit.account(), balance);
      return new LedgerResult.Balance(deposit.account(), balance);
    }
    LedgerCommand.Transfer t = (LedgerCommand.Transfer) command;
    long from = balanceOf(t.from());
    long to = balanceOf(t.to());
    if (from < t.amount()) {
      throw new IllegalArgumentException("account " + t.from() + " holds " + from + ", less than " + t.amount());
    }
    balances.put(t.from(), from - t.amount());
    balances.put(t.to(), to + t.amount());
    return new LedgerResult.Transferred(t.from(), from - t.amount(), t.to(), to + t.amount());
  }

  @Override
  public LedgerResult query(LedgerQuery query) {
    if (query instanceof LedgerQuery.Balance b) {
      return new LedgerResult.Balance(b.account(), balanceOf(b.account()));
    }
    return new LedgerResult.Balances(Map.copyOf(balances));
  }

  private long balanceOf(String account) {
    Long balance = balances.get(account);
    if (balance == null) {
      throw new IllegalArgumentException("no account " + account);
    }
    return balance;
  }

  @Override
  public byte[] snapshot() {
    return LedgerCodecs.BALANCES.encode(balances);
  }

  @Override
  public void restore(byte[] snapshot) {
    Map<String, Long> restored = LedgerCodecs.BALANCES.decode(snapshot);
    balances.clear();
    balances.putAll(restored);
  }
}
