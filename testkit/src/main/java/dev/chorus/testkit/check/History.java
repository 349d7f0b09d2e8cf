package dev.chorus.testkit.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.testkit.history.Op;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a history's events into {@link Operation}s: each invocation paired with its process's
 * next completion. Nemesis events are skipped; failed operations are dropped (they certainly did
 * not take effect); an info completion, or an invocation never completed, becomes an operation
 * whose outcome is unknown.
 */
public final class History {
  private History() {}

  /** The events are not a well-formed history; the message names the event and why. */
  public static final class MalformedHistory extends IllegalArgumentException {
    MalformedHistory(String message) {
      super(message);
    }
  }

  /**
   * The operations of {@code events}, in invocation order.
   *
   * @throws MalformedHistory if a process completes without an open invocation, invokes twice
   *     without completing, or completes a different operation than it invoked
   */
  public static List<Operation> operations(List<Op> events) {
    Map<String, Integer> open = new HashMap<>();
    List<Op> invokes = new ArrayList<>();
    List<Integer> invokeLines = new ArrayList<>();
    List<Op> completions = new ArrayList<>();
    List<Integer> completionLines = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      Op e = events.get(i);
      if (e.isNemesis()) {
        continue;
      }
      Integer slot = open.get(e.process());
      int line = i + 1;
      if (e.type() == Op.Type.INVOKE) {
        if (slot != null) {
          throw new MalformedHistory("event " + line + ": process " + e.process()
              + " invokes " + e.f() + " while its " + invokes.get(slot).f() + " (event "
              + invokeLines.get(slot) + ") is still open");
        }
        open.put(e.process(), invokes.size());
        invokes.add(e);
        invokeLines.add(line);
        completions.add(null);
        completionLines.add(line);
      } else {
        if (slot == null) {
          throw new MalformedHistory("event " + line + ": process " + e.process() + " completes "
              + e.f() + " (" + e.type().json() + ") with no open invocation");
        }
        Op invoke = invokes.get(slot);
        if (!invoke.f().equals(e.f())) {
          throw new MalformedHistory("event " + line + ": process " + e.process() + " completes "
              + e.f() + " but invoked " + invoke.f() + " (event " + invokeLines.get(slot) + ")");
        }
        open.remove(e.process());
        completions.set(slot, e);
        completionLines.set(slot, line);
      }
    }
    List<Operation> ops = new ArrayList<>();
    for (int i = 0; i < invokes.size(); i++) {
      Op invoke = invokes.get(i);
      Op done = completions.get(i);
      if (done != null && done.type() == Op.Type.FAIL) {
        continue;
      }
      boolean ok = done != null && done.type() == Op.Type.OK;
      ops.add(new Operation(ops.size(), invoke.process(), invoke.f(), invoke.key(),
          nullIfJsonNull(invoke.value()), ok ? nullIfJsonNull(done.value()) : null,
          invoke.time(), ok ? done.time() : Operation.NEVER,
          done == null ? null : done.node(), completionLines.get(i)));
    }
    return ops;
  }

  /** Operations grouped by key (null key is its own group), keeping their order. */
  public static Map<String, List<Operation>> byKey(List<Operation> ops) {
    Map<String, List<Operation>> parts = new LinkedHashMap<>();
    for (Operation op : ops) {
      parts.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
    }
    return parts;
  }

  /** Operations grouped by process, each in its process's order. */
  public static Map<String, List<Operation>> byProcess(List<Operation> ops) {
    Map<String, List<Operation>> parts = new LinkedHashMap<>();
    List<Operation> sorted = new ArrayList<>(ops);
    sorted.sort(Comparator.comparingLong(Operation::invokeTime).thenComparingInt(Operation::id));
    for (Operation op : sorted) {
      parts.computeIfAbsent(op.process(), k -> new ArrayList<>()).add(op);
    }
    return parts;
  }

  private static JsonNode nullIfJsonNull(JsonNode v) {
    return v == null || v.isNull() ? null : v;
  }
}
