package dev.chorus.core;

import java.util.Objects;

/**
 * A request asked for a consistency level that the store does not offer.
 *
 * <p>A store states the strongest level it offers; a request may ask for that level or a weaker
 * one (docs/architecture.md, "The consistency order"). Thrown by {@link ConsistencyLevel#requireAllowedBy}
 * before any work is done, so nothing was read or written.
 */
public final class ConsistencyLevelNotSupportedException extends RuntimeException {
  private final ConsistencyLevel requested;
  private final ConsistencyLevel storeLevel;

  /**
   * @param requested the level the request asked for
   * @param storeLevel the strongest level the store offers
   */
  public ConsistencyLevelNotSupportedException(
      ConsistencyLevel requested, ConsistencyLevel storeLevel) {
    super(message(Objects.requireNonNull(requested, "requested"),
        Objects.requireNonNull(storeLevel, "storeLevel")));
    this.requested = requested;
    this.storeLevel = storeLevel;
  }

  private static String message(ConsistencyLevel requested, ConsistencyLevel storeLevel) {
    String why = requested.kind() == storeLevel.kind()
        ? "a bounded-staleness request needs both bounds at least as large as the store's"
        : "a request may ask for the store's level or a weaker one";
    return "Consistency level " + requested + " is not supported by a store offering "
        + storeLevel + ": " + why;
  }

  /** The level the request asked for. */
  public ConsistencyLevel requested() {
    return requested;
  }

  /** The strongest level the store offers. */
  public ConsistencyLevel storeLevel() {
    return storeLevel;
  }
}
