package dev.chorus.testkit.sim;

/**
 * A client operation, in the vocabulary of the recorded history (Jepsen's): {@code f} such as
 * "read", "write" or "cas", an optional key, and a value ({@code null} for a read).
 *
 * @param f the operation
 * @param key the key, or null when the model has a single object
 * @param value what the operation writes or compares; any JSON-mappable immutable value
 */
public record Command(String f, String key, Object value) {
  /** Requires {@code f}. */
  public Command {
    if (f == null || f.isEmpty()) {
      throw new IllegalArgumentException("a command needs an operation name f");
    }
  }
}
