package dev.chorus.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How many replicas of a leaderless store must answer a read or acknowledge a write: {@link #ONE},
 * a majority ({@link #QUORUM}), {@link #ALL}, or an exact count ({@link #exactly}).
 *
 * <p>{@code exactly(1)} requires the same count as {@code ONE} but is a different value: it keeps
 * the form the user wrote. String form (also the Jackson form): {@code one}, {@code quorum},
 * {@code all} or a positive count such as {@code 3}. Immutable and thread-safe.
 */
public final class Quorum {

  /** The shape of a quorum. */
  public enum Kind {
    /** One replica. */
    ONE,
    /** A majority: {@code replicas / 2 + 1}. */
    QUORUM,
    /** Every replica. */
    ALL,
    /** A fixed number of replicas. */
    EXACTLY
  }

  /** One replica. */
  public static final Quorum ONE = new Quorum(Kind.ONE, 0);
  /** A majority of the replicas, {@code replicas / 2 + 1}. */
  public static final Quorum QUORUM = new Quorum(Kind.QUORUM, 0);
  /** Every replica. */
  public static final Quorum ALL = new Quorum(Kind.ALL, 0);

  private final Kind kind;
  private final int count;

  private Quorum(Kind kind, int count) {
    this.kind = kind;
    this.count = count;
  }

  /**
   * A quorum of exactly {@code count} replicas.
   *
   * @throws IllegalArgumentException if {@code count < 1}
   */
  public static Quorum exactly(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("An exact quorum must be >= 1 replica, got " + count);
    }
    return new Quorum(Kind.EXACTLY, count);
  }

  /**
   * Parses {@code one}, {@code quorum}, {@code all} (ignoring case and surrounding whitespace) or a
   * positive count.
   *
   * @throws IllegalArgumentException naming the input and the accepted forms if it is none of them
   * @throws NullPointerException if {@code text} is null
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Quorum parse(String text) {
    String normalized = text.trim().toLowerCase(Locale.ROOT);
    switch (normalized) {
      case "one":
        return ONE;
      case "quorum":
        return QUORUM;
      case "all":
        return ALL;
      default:
        if (normalized.matches("\\d{1,10}")) {
          long count = Long.parseLong(normalized);
          if (count >= 1 && count <= Integer.MAX_VALUE) {
            return exactly((int) count);
          }
        }
        throw new IllegalArgumentException("Not a quorum: '" + text
            + "'; expected one, quorum, all or a replica count from 1 to " + Integer.MAX_VALUE);
    }
  }

  /** This quorum's shape. */
  public Kind kind() {
    return kind;
  }

  /**
   * How many of {@code replicas} replicas must answer.
   *
   * @throws IllegalArgumentException if {@code replicas < 1}, or this is an exact quorum larger
   *     than {@code replicas}
   */
  public int required(int replicas) {
    if (replicas < 1) {
      throw new IllegalArgumentException("A store needs >= 1 replica, got " + replicas);
    }
    switch (kind) {
      case ONE:
        return 1;
      case QUORUM:
        return replicas / 2 + 1;
      case ALL:
        return replicas;
      default:
        if (count > replicas) {
          throw new IllegalArgumentException("Quorum of exactly " + count
              + " replicas cannot be met by a store with " + replicas + " replicas");
        }
        return count;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Quorum other && kind == other.kind && count == other.count;
  }

  @Override
  public int hashCode() {
    return 31 * kind.hashCode() + count;
  }

  /** The string form: {@code one}, {@code quorum}, {@code all} or the exact count. */
  @JsonValue
  @Override
  public String toString() {
    return kind == Kind.EXACTLY ? Integer.toString(count) : kind.name().toLowerCase(Locale.ROOT);
  }
}
