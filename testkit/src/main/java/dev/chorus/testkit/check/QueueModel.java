package dev.chorus.testkit.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A FIFO queue: {@code enqueue} a value; {@code dequeue} returns the oldest value, or null when
 * the queue is empty.
 */
final class QueueModel implements Model<List<JsonNode>> {
  @Override
  public String name() {
    return "queue";
  }

  @Override
  public List<JsonNode> init() {
    return List.of();
  }

  @Override
  public List<JsonNode> step(List<JsonNode> state, Operation op) {
    return switch (op.f()) {
      case "enqueue" -> enqueue(state, op);
      case "dequeue" -> dequeue(state, op);
      default -> throw new UnsupportedOperationException(
          "model queue has no operation \"" + op.f() + "\" (it has [enqueue, dequeue])");
    };
  }

  private static List<JsonNode> enqueue(List<JsonNode> state, Operation op) {
    if (op.input() == null) {
      throw new IllegalArgumentException("enqueue takes a value, got null in " + op);
    }
    List<JsonNode> next = new ArrayList<>(state.size() + 1);
    next.addAll(state);
    next.add(op.input());
    return List.copyOf(next);
  }

  private static List<JsonNode> dequeue(List<JsonNode> state, Operation op) {
    if (op.isInfo()) {
      // Unknown result: it took whatever was at the head, or (if empty) nothing.
      return state.isEmpty() ? state : List.copyOf(state.subList(1, state.size()));
    }
    if (op.output() == null) {
      return state.isEmpty() ? state : null;
    }
    if (state.isEmpty() || !state.get(0).equals(op.output())) {
      return null;
    }
    return List.copyOf(state.subList(1, state.size()));
  }
}
