package dev.chorus.core.clock;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An immutable vector clock (version vector) keyed by stable node id.
 *
 * <p>Keys are Chorus's stable node ids ({@code chorus.node.id}), never Pekko's {@code
 * UniqueAddress}, which changes when a node restarts (docs/architecture.md, "Clocks"). A node that is absent
 * has counter 0; zero entries are never stored, so {@link #equals} and {@link #hashCode} treat
 * missing entries as 0. On the wire (Jackson) it is a JSON object of node id to counter.
 *
 * <p>Immutable and thread-safe. Methods throw {@link NullPointerException} for null arguments and
 * {@link IllegalArgumentException} for empty node ids or negative counters.
 */
public final class VectorClock {
  private static final VectorClock EMPTY = new VectorClock(new TreeMap<>());

  /** How two vector clocks relate in the happened-before partial order. */
  public enum Order {
    /** Every counter is less than or equal, and at least one is less: this happened before. */
    BEFORE,
    /** Every counter is greater than or equal, and at least one is greater: this happened after. */
    AFTER,
    /** Every counter is equal. */
    EQUAL,
    /** Each has a counter greater than the other's: neither happened before the other. */
    CONCURRENT
  }

  private final SortedMap<String, Long> counters;

  private VectorClock(SortedMap<String, Long> counters) {
    this.counters = Collections.unmodifiableSortedMap(counters);
  }

  /** The clock with every counter at 0. */
  public static VectorClock empty() {
    return EMPTY;
  }

  /**
   * A clock with the given counters; zero entries are dropped.
   *
   * @throws IllegalArgumentException if a node id is empty or a counter is negative
   * @throws NullPointerException if the map, a key or a value is null
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static VectorClock of(Map<String, Long> counters) {
    TreeMap<String, Long> copy = new TreeMap<>();
    counters.forEach((nodeId, counter) -> {
      requireNodeId(nodeId);
      Objects.requireNonNull(counter, () -> "counter of node " + nodeId);
      if (counter < 0) {
        throw new IllegalArgumentException(
            "Vector clock counter of node '" + nodeId + "' must be >= 0, got " + counter);
      }
      if (counter > 0) {
        copy.put(nodeId, counter);
      }
    });
    return copy.isEmpty() ? EMPTY : new VectorClock(copy);
  }

  /**
   * This clock with {@code nodeId}'s counter one higher.
   *
   * @throws ArithmeticException if the counter would overflow a long
   */
  public VectorClock increment(String nodeId) {
    requireNodeId(nodeId);
    TreeMap<String, Long> copy = new TreeMap<>(counters);
    copy.put(nodeId, Math.addExact(get(nodeId), 1L));
    return new VectorClock(copy);
  }

  /** The pointwise maximum of this clock and {@code other}; commutative and idempotent. */
  public VectorClock merge(VectorClock other) {
    Objects.requireNonNull(other, "other");
    TreeMap<String, Long> merged = new TreeMap<>(counters);
    other.counters.forEach((nodeId, counter) -> merged.merge(nodeId, counter, Math::max));
    return new VectorClock(merged);
  }

  /** {@code nodeId}'s counter, 0 when the node is absent. */
  public long get(String nodeId) {
    return counters.getOrDefault(Objects.requireNonNull(nodeId, "nodeId"), 0L);
  }

  /** How this clock relates to {@code other} in the happened-before order. */
  public Order compare(VectorClock other) {
    Objects.requireNonNull(other, "other");
    boolean anyLess = false;
    boolean anyGreater = false;
    TreeSet<String> nodeIds = new TreeSet<>(counters.keySet());
    nodeIds.addAll(other.counters.keySet());
    for (String nodeId : nodeIds) {
      int cmp = Long.compare(get(nodeId), other.get(nodeId));
      anyLess |= cmp < 0;
      anyGreater |= cmp > 0;
    }
    if (anyLess && anyGreater) {
      return Order.CONCURRENT;
    }
    return anyLess ? Order.BEFORE : anyGreater ? Order.AFTER : Order.EQUAL;
  }

  /** The non-zero counters, sorted by node id; unmodifiable. */
  @JsonValue
  public SortedMap<String, Long> asMap() {
    return counters;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VectorClock other && counters.equals(other.counters);
  }

  @Override
  public int hashCode() {
    return counters.hashCode();
  }

  /** The non-zero counters sorted by node id, such as {@code {a=2, b=1}}. */
  @Override
  public String toString() {
    return counters.toString();
  }

  private static void requireNodeId(String nodeId) {
    Objects.requireNonNull(nodeId, "nodeId");
    if (nodeId.isEmpty()) {
      throw new IllegalArgumentException("Vector clock node id must not be empty");
    }
  }
}
