package dev.chorus.core.kv;

/**
 * What a command or a read of the key-value store returned. {@code version} is the log index of
 * the write that produced the value (0: never written), so clients can order what they see.
 */
public sealed interface KvResult {
  /** A read: the value, or null when the key is absent. */
  record Value(String key, String value, long version) implements KvResult {}

  /** A put or delete took effect at {@code version}. */
  record Written(String key, long version) implements KvResult {}

  /**
   * A compare-and-set: {@code swapped} says whether it took effect; {@code current} is the value
   * the key holds now (the new one if swapped), at {@code version}.
   */
  record CasResult(String key, boolean swapped, String current, long version) implements KvResult {}
}
