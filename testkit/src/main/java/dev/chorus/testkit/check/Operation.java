package dev.chorus.testkit.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.testkit.history.Op;

/**
 * One client operation: an invocation paired with its completion. Failed operations (which
 * certainly did not take effect) never become Operations; see {@link History#operations}.
 *
 * @param id the operation's position among the history's operations, 0-based, in invocation order
 * @param process the client process
 * @param f the operation ("read", "write", "cas", ...)
 * @param key the key, or null
 * @param input the invocation's value (what a write writes; null for a read)
 * @param output the completion's value (what a read returned), or null when the outcome is
 *     unknown
 * @param invokeTime when it was invoked, nanoseconds
 * @param completeTime when it completed, or {@link #NEVER} for an operation whose outcome is
 *     unknown: it may take effect at any time after its invocation
 * @param node the node that served it, or null
 * @param line the 1-based position of the completion event in the history (of the invocation
 *     when the operation never completed), for explanations
 */
public record Operation(
    int id,
    String process,
    String f,
    String key,
    JsonNode input,
    JsonNode output,
    long invokeTime,
    long completeTime,
    String node,
    int line) {
  /** The completion time of an operation whose outcome is unknown. */
  public static final long NEVER = Long.MAX_VALUE;

  /** Whether it certainly took effect (completed ok); false for info. */
  public boolean isOk() {
    return completeTime != NEVER;
  }

  /** Whether its outcome is unknown (info, or never completed). */
  public boolean isInfo() {
    return completeTime == NEVER;
  }

  /** Whether this operation returned before {@code other} was invoked (real-time order). */
  public boolean precedes(Operation other) {
    return completeTime < other.invokeTime;
  }

  @Override
  public String toString() {
    String k = key == null ? "" : " " + key;
    String result = isOk() ? " -> " + output : " -> ? (info)";
    String shown = input == null || input.isNull() ? "" : " " + input;
    String done = isOk() ? Long.toString(completeTime) : "never";
    String at = node == null ? "" : " on " + node;
    return "#" + id + " process " + process + ": " + f + k + shown + result
        + " [" + invokeTime + ", " + done + "]" + at + " (line " + line + ")";
  }

  /** The Jepsen type this operation completed with. */
  public Op.Type type() {
    return isOk() ? Op.Type.OK : Op.Type.INFO;
  }

  /** "#3, #7, #9": how explanations name operations. */
  static String ids(java.util.List<Operation> ops) {
    StringBuilder out = new StringBuilder();
    for (Operation op : ops) {
      out.append(out.length() == 0 ? "" : ", ").append('#').append(op.id());
    }
    return out.toString();
  }
}
