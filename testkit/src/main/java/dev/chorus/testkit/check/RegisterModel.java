package dev.chorus.testkit.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Set;

/**
 * A register: read and write, and optionally compare-and-set and string append. The state is
 * the register's value as JSON; never written is JSON null, which a read reports as null.
 *
 * <p>{@code cas} takes {@code [expected, new]}: completing ok means it swapped (Jepsen's
 * convention, where a cas that did not match completes fail); an ok result of {@code false}
 * is also accepted and means it did not match. {@code append} takes a string and appends it
 * to the register's string value (never written counts as "").
 */
final class RegisterModel implements Model<JsonNode> {
  private final String name;
  private final Set<String> ops;

  RegisterModel(String name, Set<String> ops) {
    this.name = name;
    this.ops = ops;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public JsonNode init() {
    return NullNode.getInstance();
  }

  @Override
  public JsonNode step(JsonNode state, Operation op) {
    if (!ops.contains(op.f())) {
      throw new UnsupportedOperationException(
          "model " + name + " has no operation \"" + op.f() + "\" (it has " + ops + ")");
    }
    return switch (op.f()) {
      case "read" -> read(state, op);
      case "write" -> value(op.input());
      case "cas" -> cas(state, op);
      case "append" -> append(state, op);
      default -> throw new UnsupportedOperationException(op.f());
    };
  }

  private static JsonNode read(JsonNode state, Operation op) {
    if (op.isInfo()) {
      return state;
    }
    return state.equals(value(op.output())) ? state : null;
  }

  private JsonNode cas(JsonNode state, Operation op) {
    JsonNode pair = op.input();
    if (pair == null || !pair.isArray() || pair.size() != 2) {
      throw new IllegalArgumentException(
          "cas takes [expected, new], got " + pair + " in " + op);
    }
    boolean matches = state.equals(value(pair.get(0)));
    JsonNode out = op.output();
    if (op.isOk() && out != null && out.isBoolean() && !out.booleanValue()) {
      return matches ? null : state;
    }
    return matches ? value(pair.get(1)) : null;
  }

  private static JsonNode append(JsonNode state, Operation op) {
    JsonNode suffix = op.input();
    if (suffix == null || !suffix.isTextual()) {
      throw new IllegalArgumentException("append takes a string, got " + suffix + " in " + op);
    }
    String before = state.isNull() ? "" : state.asText();
    return TextNode.valueOf(before + suffix.asText());
  }

  private static JsonNode value(JsonNode v) {
    return v == null ? NullNode.getInstance() : v;
  }
}
