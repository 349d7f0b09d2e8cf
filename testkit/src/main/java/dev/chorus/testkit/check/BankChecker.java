package dev.chorus.testkit.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.testkit.history.Op;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Jepsen's bank checker: transfers between accounts move money but never create or destroy it,
 * so every read of all accounts sees the same total, and (unless allowed) no account below zero.
 *
 * <p>Vocabulary: {@code read} operations whose ok value is an object {@code {account: balance}}
 * of integers, and {@code transfer} operations with value {@code {"from":..,"to":..,"amount":..}}.
 * Transfers are not replayed: the invariant holds whatever they did, so only reads are checked.
 * The expected total is given ({@link #withTotal}), or is the total of the first ok read in
 * invocation order ({@link #totalOfFirstRead}), which is then trusted. Any other operation gives
 * an unknown verdict; so does a history without an ok read. Immutable and thread-safe.
 */
public final class BankChecker implements Checker {
  private static final Set<String> UNDERSTOOD = Set.of("read", "transfer");

  private final OptionalLong expectedTotal;
  private final boolean negativeAllowed;

  private BankChecker(OptionalLong expectedTotal, boolean negativeAllowed) {
    this.expectedTotal = expectedTotal;
    this.negativeAllowed = negativeAllowed;
  }

  /** Every read must total {@code total}, the money the bank was opened with. */
  public static BankChecker withTotal(long total) {
    return new BankChecker(OptionalLong.of(total), false);
  }

  /** Every read must total what the first ok read (in invocation order) totals. */
  public static BankChecker totalOfFirstRead() {
    return new BankChecker(OptionalLong.empty(), false);
  }

  /** This checker, but balances below zero are allowed (an overdraft-permitting bank). */
  public BankChecker allowingNegativeBalances() {
    return new BankChecker(expectedTotal, true);
  }

  /**
   * Checks every ok read. Invalid lists each read with the wrong total or a negative balance.
   *
   * @throws History.MalformedHistory if events do not pair up or a read's value is not an object
   *     of integer balances
   */
  @Override
  public Verdict check(List<Op> history) {
    String name = name();
    return Findings.checkOperations(name, history, UNDERSTOOD, ops -> checkAll(name, ops));
  }

  private Verdict checkAll(String name, List<Operation> ops) {
    List<Operation> reads = ops.stream().filter(op -> op.f().equals("read") && op.isOk()).toList();
    if (reads.isEmpty()) {
      return Verdict.unknown(name, "no ok read, so no balances to check");
    }
    long total = expectedTotal.orElseGet(() -> total(reads.get(0), balances(reads.get(0))));
    Findings findings = new Findings(name);
    for (Operation read : reads) {
      check(read, total, findings);
    }
    return findings.verdict(reads.size() + " reads, each totalling " + total
        + (negativeAllowed ? "" : " with no negative balance"));
  }

  private void check(Operation read, long expected, Findings findings) {
    TreeMap<String, Long> balances = balances(read);
    long total = total(read, balances);
    if (total != expected) {
      findings.violation("bank: read #" + read.id() + " shows " + balances + ", totalling " + total
          + " instead of " + expected + "; transfers must neither create nor destroy money", List.of(read));
    }
    Map<String, Long> negative = new TreeMap<>(balances);
    negative.values().removeIf(balance -> balance >= 0);
    if (!negativeAllowed && !negative.isEmpty()) {
      findings.violation("bank: read #" + read.id() + " shows negative balances " + negative
          + "; no account may go below zero", List.of(read));
    }
  }

  private static TreeMap<String, Long> balances(Operation read) {
    TreeMap<String, Long> balances = new TreeMap<>();
    JsonNode accounts = OperationValues.object(read, read.output(), "a bank read's value");
    for (Iterator<Map.Entry<String, JsonNode>> it = accounts.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      balances.put(e.getKey(), OperationValues.integer(read, e.getValue(), "the balance of " + e.getKey()));
    }
    return balances;
  }

  private static long total(Operation read, Map<String, Long> balances) {
    try {
      return balances.values().stream().mapToLong(Long::longValue).reduce(0, Math::addExact);
    } catch (ArithmeticException e) {
      throw OperationValues.malformed(read, "its balances overflow a long when added up");
    }
  }

  private String name() {
    String total = expectedTotal.isPresent() ? "total " + expectedTotal.getAsLong() : "total of the first read";
    return "bank(" + total + (negativeAllowed ? ", negative balances allowed" : "") + ")";
  }
}
