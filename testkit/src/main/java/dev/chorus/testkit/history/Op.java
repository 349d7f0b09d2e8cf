package dev.chorus.testkit.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Objects;

/**
 * One event of a history, in Jepsen's vocabulary (see {@link HistoryFormat} for the JSON form).
 *
 * @param process the client process id, or {@link #NEMESIS} for faults
 * @param type invoke, ok, fail or info
 * @param f the operation ("read", "write", "cas", or a fault such as "partition")
 * @param key the key operated on, or null
 * @param value the operation's value: what was written, what was read, the nodes a fault hit
 * @param time nanoseconds on the test's monotonic clock
 * @param node the node that served the operation, or null
 */
public record Op(String process, Type type, String f, String key, JsonNode value, long time, String node) {
  /** The process name of fault events. */
  public static final String NEMESIS = "nemesis";

  /** What an event says about its operation. */
  public enum Type {
    /** The client is about to call. */
    INVOKE,
    /** It took effect. */
    OK,
    /** It certainly did not take effect. */
    FAIL,
    /**
     * The outcome is unknown (a timeout): it may have taken effect, at any time after its
     * invocation, and may still be in flight; the client continues under a new process id.
     */
    INFO;

    /** The JSON form: lowercase. */
    public String json() {
      return name().toLowerCase();
    }
  }

  /** Validates; a null value becomes JSON null. */
  public Op {
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(f, "f");
    value = value == null ? NullNode.getInstance() : value;
  }

  /** Whether this event is a fault's, not a client's. */
  public boolean isNemesis() {
    return NEMESIS.equals(process);
  }

  /** A client event; {@code value} is any JSON-mappable object. */
  public static Op client(long process, Type type, String f, String key, Object value, long time, String node) {
    return new Op(Long.toString(process), type, f, key, HistoryFormat.toJson(value), time, node);
  }

  /** A nemesis event (type info, as in Jepsen). */
  public static Op nemesis(String f, Object value, long time) {
    return new Op(NEMESIS, Type.INFO, f, null, HistoryFormat.toJson(value), time, null);
  }

  /** This event with another type and time: the completion of an invocation. */
  public Op complete(Type outcome, Object result, long at, String servedBy) {
    return new Op(process, outcome, f, key, HistoryFormat.toJson(result), at, servedBy);
  }
}
