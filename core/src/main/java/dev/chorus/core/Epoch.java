package dev.chorus.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A fencing token: a monotonic term or epoch.
 *
 * <p>Every leader-only write carries the epoch of the leadership it was issued under, and storage
 * rejects a write whose epoch is older than the newest it has seen, so a deposed leader that still
 * believes it leads cannot overwrite its successor's writes. On the wire (Jackson) it is a plain
 * number. Immutable and thread-safe.
 *
 * @param value the epoch number, {@code >= 0}
 */
public record Epoch(long value) implements Comparable<Epoch> {

  /** The first epoch, before any leader was elected. */
  public static final Epoch ZERO = new Epoch(0);

  /**
   * @throws IllegalArgumentException if {@code value} is negative
   */
  public Epoch {
    if (value < 0) {
      throw new IllegalArgumentException("Epoch must be >= 0, got " + value);
    }
  }

  /**
   * The epoch with the given value.
   *
   * @throws IllegalArgumentException if {@code value} is negative
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Epoch of(long value) {
    return new Epoch(value);
  }

  /**
   * The epoch after this one.
   *
   * @throws IllegalStateException if this is the largest possible epoch
   */
  public Epoch next() {
    if (value == Long.MAX_VALUE) {
      throw new IllegalStateException("Epoch " + value + " is the last one; it cannot advance");
    }
    return new Epoch(value + 1);
  }

  /** Whether this epoch is strictly newer than {@code other}. */
  public boolean isNewerThan(Epoch other) {
    return value > other.value;
  }

  /** Whether this epoch is strictly older than {@code other}, that is, stale with respect to it. */
  public boolean isOlderThan(Epoch other) {
    return value < other.value;
  }

  /** The epoch number; also the Jackson form. */
  @JsonValue
  @Override
  public long value() {
    return value;
  }

  @Override
  public int compareTo(Epoch other) {
    return Long.compare(value, other.value);
  }

  /** The form {@code epoch-<value>}, for logs. */
  @Override
  public String toString() {
    return "epoch-" + value;
  }
}
