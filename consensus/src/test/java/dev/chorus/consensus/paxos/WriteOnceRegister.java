package dev.chorus.consensus.paxos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.chorus.testkit.check.Model;
import dev.chorus.testkit.check.Operation;

/**
 * The sequential specification of a write-once register, for the linearizability checker. The
 * state is the chosen value, JSON null before any.
 * <ul>
 *   <li>{@code propose v}: if nothing is chosen, v becomes chosen; the result is the chosen value
 *       (v, or an earlier one).
 *   <li>{@code read}: the result is the chosen value, or null before any.
 * </ul>
 */
final class WriteOnceRegister implements Model<JsonNode> {
  @Override
  public String name() {
    return "write-once-register";
  }

  @Override
  public JsonNode init() {
    return NullNode.getInstance();
  }

  @Override
  public JsonNode step(JsonNode state, Operation op) {
    return switch (op.f()) {
      case "propose" -> propose(state, op);
      case "read" -> op.isInfo() || state.equals(value(op.output())) ? state : null;
      default -> throw new UnsupportedOperationException(
          "model " + name() + " has no operation \"" + op.f() + "\" (it has propose and read)");
    };
  }

  private static JsonNode propose(JsonNode state, Operation op) {
    JsonNode v = op.input();
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("propose takes a value, got none in " + op);
    }
    JsonNode after = state.isNull() ? v : state;
    return op.isInfo() || after.equals(value(op.output())) ? after : null;
  }

  private static JsonNode value(JsonNode v) {
    return v == null ? NullNode.getInstance() : v;
  }
}
