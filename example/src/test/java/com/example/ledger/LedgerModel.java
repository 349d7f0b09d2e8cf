package com.example.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.testkit.check.Model;
import dev.chorus.testkit.check.Operation;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ledger's sequential specification for the linearizability checker: the state is every
 * balance; a {@code transfer} ({@code {"from", "to", "amount"}}) needs the money, a {@code read}
 * must return exactly the balances.
 */
final class LedgerModel implements Model<Map<String, Long>> {
  private final Map<String, Long> opening;

  LedgerModel(Map<String, Long> opening) {
    this.opening = Map.copyOf(opening);
  }

  @Override
  public String name() {
    return "ledger";
  }

  @Override
  public Map<String, Long> init() {
    return opening;
  }

  @Override
  public Map<String, Long> step(Map<String, Long> state, Operation op) {
    switch (op.f()) {
      case "transfer" -> {
        String from = op.input().get("from").asText();
        String to = op.input().get("to").asText();
        long amount = op.input().get("amount").asLong();
        if (state.get(from) < amount) {
          return null; // it could not have succeeded here; an unknown one may simply not have happened
        }
        Map<String, Long> next = new TreeMap<>(state);
        next.put(from, state.get(from) - amount);
        next.put(to, state.get(to) + amount);
        return Map.copyOf(next);
      }
      case "read" -> {
        return op.isInfo() || matches(state, op.output()) ? state : null;
      }
      default -> throw new UnsupportedOperationException("the ledger model has no operation " + op.f());
    }
  }

  private static boolean matches(Map<String, Long> state, JsonNode read) {
    if (read.size() != state.size()) {
      return false;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = read.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!Long.valueOf(e.getValue().asLong()).equals(state.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
