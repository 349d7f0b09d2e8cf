package dev.chorus.core.kv;

import java.util.Objects;

/** A change to a key-value store, applied in its log's order (a Raft group's or a leader-follower store's). */
public sealed interface KvCommand {
  /** The key changed. */
  String key();

  /** Sets {@code key} to {@code value}. */
  record Put(String key, String value) implements KvCommand {
    /** Requires both. */
    public Put {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }

  /** Removes {@code key}. */
  record Delete(String key) implements KvCommand {
    /** Requires the key. */
    public Delete {
      Objects.requireNonNull(key, "key");
    }
  }

  /**
   * Sets {@code key} to {@code value} only if it now holds {@code expected} (null: absent).
   */
  record CompareAndSet(String key, String expected, String value) implements KvCommand {
    /** Requires the key and the new value. */
    public CompareAndSet {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }
}
