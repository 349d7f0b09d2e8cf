package dev.chorus.testkit.check;

import java.util.List;
import java.util.Set;

/**
 * The models Chorus ships. Each describes one object; a history whose operations carry keys is
 * a map of independent objects, one per key, and the checkers split it per key.
 */
public final class Models {
  private Models() {}

  /** The names {@link #byName} accepts. */
  public static final List<String> NAMES =
      List.of("register", "cas-register", "kv", "set", "counter", "queue");

  /** A read/write register. */
  public static Model<?> register() {
    return new RegisterModel("register", Set.of("read", "write"));
  }

  /** A register with compare-and-set: {@code cas} takes {@code [expected, new]}. */
  public static Model<?> casRegister() {
    return new RegisterModel("cas-register", Set.of("read", "write", "cas"));
  }

  /**
   * A key-value store: per key, a register with read, write, compare-and-set and string append.
   */
  public static Model<?> kv() {
    return new RegisterModel("kv", Set.of("read", "write", "cas", "append"));
  }

  /** A grow-only set with add and read. */
  public static Model<?> set() {
    return new SetModel();
  }

  /** A counter with add and read. */
  public static Model<?> counter() {
    return new CounterModel();
  }

  /** A FIFO queue with enqueue and dequeue. */
  public static Model<?> queue() {
    return new QueueModel();
  }

  /**
   * The model called {@code name}.
   *
   * @throws IllegalArgumentException naming the models there are
   */
  public static Model<?> byName(String name) {
    return switch (name) {
      case "register" -> register();
      case "cas-register" -> casRegister();
      case "kv" -> kv();
      case "set" -> set();
      case "counter" -> counter();
      case "queue" -> queue();
      default -> throw new IllegalArgumentException(
          "no model \"" + name + "\"; the models are " + NAMES);
    };
  }
}
