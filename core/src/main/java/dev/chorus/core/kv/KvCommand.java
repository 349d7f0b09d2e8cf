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

  /**
   * Appends {@code element} to the list {@code key} holds: a list is its elements joined by
   * {@link #LIST_SEPARATOR}, so the value of a key first appended to is the element alone, and
   * each append adds the separator and the element. A duplicate append is visible in the list.
   */
  record Append(String key, String element) implements KvCommand {
    /** Requires the key, and an element that is not empty and holds no separator. */
    public Append {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(element, "element");
      if (element.isEmpty() || element.indexOf(LIST_SEPARATOR) >= 0) {
        throw new IllegalArgumentException("an appended element is not empty and holds no '" + LIST_SEPARATOR
            + "' (it separates a list's elements), got '" + element + "'");
      }
    }
  }

  /** What separates the elements of a list that {@link Append}s built. */
  char LIST_SEPARATOR = ',';
}
