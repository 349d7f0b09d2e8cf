package dev.chorus.testkit.check;

import dev.chorus.testkit.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a history event by event; each event is one time unit after the last, and a completion
 * repeats its process's open operation and key, so textbook histories read line by line.
 */
final class Timeline {
  private final List<Op> events = new ArrayList<>();
  private final Map<Integer, Op> open = new HashMap<>();
  private long time;

  Timeline invoke(int process, String f, Object value) {
    return invoke(process, f, null, value);
  }

  Timeline invoke(int process, String f, String key, Object value) {
    Op op = Op.client(process, Op.Type.INVOKE, f, key, value, ++time, null);
    open.put(process, op);
    events.add(op);
    return this;
  }

  Timeline ok(int process, Object value) {
    return complete(process, Op.Type.OK, value);
  }

  Timeline fail(int process) {
    return complete(process, Op.Type.FAIL, null);
  }

  Timeline info(int process) {
    return complete(process, Op.Type.INFO, null);
  }

  /** A whole operation, invoked and completed ok before the next event. */
  Timeline call(int process, String f, String key, Object value, Object result) {
    return invoke(process, f, key, value).ok(process, result);
  }

  private Timeline complete(int process, Op.Type type, Object value) {
    Op invoke = open.remove(process);
    if (invoke == null) {
      throw new IllegalStateException("process " + process + " has no open operation");
    }
    events.add(invoke.complete(type, value, ++time, null));
    return this;
  }

  List<Op> events() {
    return List.copyOf(events);
  }
}
