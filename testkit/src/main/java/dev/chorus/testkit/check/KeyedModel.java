package dev.chorus.testkit.check;

import java.util.HashMap;
import java.util.Map;

/**
 * A map of independent objects, one per key, each following {@code object}: the whole-history
 * model that a non-local property such as sequential consistency must be checked against.
 */
final class KeyedModel<S> implements Model<Map<String, S>> {
  private static final String NO_KEY = "";
  private final Model<S> object;

  KeyedModel(Model<S> object) {
    this.object = object;
  }

  @Override
  public String name() {
    return object.name();
  }

  @Override
  public Map<String, S> init() {
    return Map.of();
  }

  @Override
  public Map<String, S> step(Map<String, S> state, Operation op) {
    String key = op.key() == null ? NO_KEY : op.key();
    S before = state.getOrDefault(key, object.init());
    S after = object.step(before, op);
    if (after == null) {
      return null;
    }
    if (after.equals(before)) {
      return state;
    }
    Map<String, S> next = new HashMap<>(state);
    next.put(key, after);
    return Map.copyOf(next);
  }

  @Override
  public String describe(Map<String, S> state) {
    StringBuilder out = new StringBuilder("{");
    state.keySet().stream().sorted().forEach(k -> out.append(out.length() > 1 ? ", " : "")
        .append(k.isEmpty() ? "(no key)" : k).append('=').append(object.describe(state.get(k))));
    return out.append('}').toString();
  }
}
