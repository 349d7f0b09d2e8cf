package com.example.ledger;

/** A read of the ledger; it changes nothing. */
public sealed interface LedgerQuery {
  /** One account's balance. */
  record Balance(String account) implements LedgerQuery {
    public Balance {
      Accounts.requireName(account);
    }
  }

  /** Every account's balance, at one index of the log. */
  record AllBalances() implements LedgerQuery {}
}
