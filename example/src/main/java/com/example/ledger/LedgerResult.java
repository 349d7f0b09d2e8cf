package com.example.ledger;

import java.util.Map;
import java.util.TreeMap;

/** What a command or a query answers. */
public sealed interface LedgerResult {
  /** An account's balance after a command, or as read. */
  record Balance(String account, long balance) implements LedgerResult {}

  /** A transfer done: both balances after it. */
  record Transferred(String from, long fromBalance, String to, long toBalance) implements LedgerResult {}

  /** Every account's balance, sorted by account. */
  record Balances(Map<String, Long> balances) implements LedgerResult {
    public Balances {
      balances = java.util.Collections.unmodifiableMap(new TreeMap<>(balances));
    }

    /** The money in the ledger: never changed by a transfer. */
    public long total() {
      return balances.values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
