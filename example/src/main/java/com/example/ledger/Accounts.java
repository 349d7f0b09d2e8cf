package com.example.ledger;

import java.util.regex.Pattern;

/** What an account name and an amount may be: checked where they enter, so the log holds only valid ones. */
final class Accounts {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private Accounts() {}

  static String requireName(String account) {
    if (account == null || !NAME.matcher(account).matches()) {
      throw new IllegalArgumentException("an account is 1 to 64 letters, digits, '_' or '-', got " + account);
    }
    return account;
  }

  static long requirePositive(long amount) {
    if (amount <= 0) {
      throw new IllegalArgumentException("an amount is positive, got " + amount);
    }
    return amount;
  }
}
