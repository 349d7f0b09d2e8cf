package dev.chorus.testkit.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;

/**
 * A grow-only set: {@code add} an element, {@code read} returns every element as a JSON array.
 * A read that lists an element twice can never match, since a set holds each element once.
 */
final class SetModel implements Model<Set<JsonNode>> {
  @Override
  public String name() {
    return "set";
  }

  @Override
  public Set<JsonNode> init() {
    return Set.of();
  }

  @Override
  public Set<JsonNode> step(Set<JsonNode> state, Operation op) {
    return switch (op.f()) {
      case "add" -> add(state, op);
      case "read" -> read(state, op);
      default -> throw new UnsupportedOperationException(
          "model set has no operation \"" + op.f() + "\" (it has [add, read])");
    };
  }

  private static Set<JsonNode> add(Set<JsonNode> state, Operation op) {
    if (op.input() == null) {
      throw new IllegalArgumentException("add takes an element, got null in " + op);
    }
    if (state.contains(op.input())) {
      return state;
    }
    Set<JsonNode> next = new HashSet<>(state);
    next.add(op.input());
    return Set.copyOf(next);
  }

  private static Set<JsonNode> read(Set<JsonNode> state, Operation op) {
    if (op.isInfo()) {
      return state;
    }
    JsonNode out = op.output();
    if (out == null || !out.isArray()) {
      throw new IllegalArgumentException("a set read returns an array, got " + out + " in " + op);
    }
    if (out.size() != state.size()) {
      return null;
    }
    for (JsonNode e : out) {
      if (!state.contains(e)) {
        return null;
      }
    }
    return state;
  }
}
