package com.example.ledger;

import java.util.Objects;

/** A change to the ledger, applied in the Raft log's order on every member. */
public sealed interface LedgerCommand {
  /** Opens {@code account} with a balance of 0. */
  record Open(String account) implements LedgerCommand {
    public Open {
      Accounts.requireName(account);
    }
  }

  /** Adds {@code amount} (> 0) to {@code account}: the only way money enters the ledger. */
  record Deposit(String account, long amount) implements LedgerCommand {
    public Deposit {
      Accounts.requireName(account);
      Accounts.requirePositive(amount);
    }
  }

  /** Moves {@code amount} (> 0) from {@code from} to {@code to}, if {@code from} holds it. */
  record Transfer(String from, String to, long amount) implements LedgerCommand {
    public Transfer {
      Accounts.requireName(from);
      Accounts.requireName(to);
      Accounts.requirePositive(amount);
      if (Objects.equals(from, to)) {
        throw new IllegalArgumentException("a transfer needs two accounts, got " + from + " twice");
      }
    }
  }
}
