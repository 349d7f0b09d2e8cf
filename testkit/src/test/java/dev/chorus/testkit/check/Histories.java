package dev.chorus.testkit.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.testkit.history.HistoryFormat;
import dev.chorus.testkit.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds histories for checker tests, one event per call:
 *
 * <pre>
 * List&lt;Op&gt; h = Histories.history()
 *     .invoke(1, "write", "x", 1).invoke(2, "read", "x", null)
 *     .ok(1).ok(2, 1)
 *     .call(1, "read", "x", null, 1)
 *     .build();
 * </pre>
 *
 * A completion completes its process's open invocation, with the same f and key. Each event
 * happens 1 ns after the previous one on the test clock, unless {@link #after} moves the clock on.
 * Not thread-safe.
 */
public final class Histories {
  private final List<Op> events = new ArrayList<>();
  private final Map<Long, Op> open = new HashMap<>();
  private long time;

  private Histories() {}

  /** An empty history whose clock is at 0. */
  public static Histories history() {
    return new Histories();
  }

  /** Moves the clock on by {@code nanos} (beyond the usual 1 ns per event). */
  public Histories after(long nanos) {
    time += nanos;
    return this;
  }

  /** The process invokes {@code f} on {@code key} (null for none) with {@code value}. */
  public Histories invoke(long process, String f, String key, Object value) {
    if (open.containsKey(process)) {
      throw new IllegalStateException("process " + process + " already has an open " + open.get(process).f());
    }
    Op invoke = Op.client(process, Op.Type.INVOKE, f, key, value, ++time, null);
    open.put(process, invoke);
    events.add(invoke);
    return this;
  }

  /** The process's open operation completes ok, returning {@code value}. */
  public Histories ok(long process, Object value) {
    return complete(process, Op.Type.OK, value);
  }

  /** The process's open operation completes ok, returning what it was invoked with. */
  public Histories ok(long process) {
    return complete(process, Op.Type.OK, openOf(process).value());
  }

  /** The process's open operation certainly did not take effect. */
  public Histories fail(long process) {
    return complete(process, Op.Type.FAIL, null);
  }

  /** The process's open operation has an unknown outcome. */
  public Histories info(long process) {
    return complete(process, Op.Type.INFO, null);
  }

  /** Invokes, then at once completes ok with {@code output}. */
  public Histories call(long process, String f, String key, Object input, Object output) {
    return invoke(process, f, key, input).ok(process, output);
  }

  /** A nemesis event, which checkers skip. */
  public Histories nemesis(String f, Object value) {
    events.add(Op.nemesis(f, value, ++time));
    return this;
  }

  /** The clock's current reading: the time of the last event, plus any {@link #after}. */
  public long now() {
    return time;
  }

  /** The events so far. */
  public List<Op> build() {
    return List.copyOf(events);
  }

  /** {@code {"value": value, "version": version}}: what a store that reports versions returns. */
  public static Map<String, Object> versioned(Object value, long version) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("value", value);
    v.put("version", version);
    return v;
  }

  /** A JSON value written as text, for values that are awkward as Java objects. */
  public static JsonNode json(String text) {
    try {
      return HistoryFormat.toJson(new ObjectMapper().readTree(text));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + text, e);
    }
  }

  /** A copy of {@code history} where event {@code index} (a completion) returns {@code value}. */
  public static List<Op> withValue(List<Op> history, int index, Object value) {
    List<Op> copy = new ArrayList<>(history);
    Op e = copy.get(index);
    copy.set(index, e.complete(e.type(), value, e.time(), e.node()));
    return copy;
  }

  private Histories complete(long process, Op.Type type, Object value) {
    Op invoke = openOf(process);
    open.remove(process);
    events.add(invoke.complete(type, value, ++time, null));
    return this;
  }

  private Op openOf(long process) {
    Op invoke = open.get(process);
    if (invoke == null) {
      throw new IllegalStateException("process " + process + " has no open operation");
    }
    return invoke;
  }
}
