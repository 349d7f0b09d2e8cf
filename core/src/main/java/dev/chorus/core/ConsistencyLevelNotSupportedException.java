package dev.chorus.core;

import java.util.Objects;

/**
 * A request asked for a consistency level that the store does not serve.
 *
 * <p>A store declares the levels it serves by their ceiling ({@link ServedLevels}); a request may
 * ask for a level at or below it (docs/architecture.md, "The consistency vocabulary"). Thrown
 * before any work is done, so nothing was read or written. The HTTP API answers it with 400 and
 * the ceiling.
 */
public final class ConsistencyLevelNotSupportedException extends RuntimeException {
  private final ConsistencyLevel requested;
  private final ServedLevels ceiling;

  /**
   * @param requested the level the request asked for
   * @param ceiling the levels the store serves
   */
  public ConsistencyLevelNotSupportedException(ConsistencyLevel requested, ServedLevels ceiling) {
    super(message(Objects.requireNonNull(requested, "requested"),
        Objects.requireNonNull(ceiling, "ceiling")));
    this.requested = requested;
    this.ceiling = ceiling;
  }

  /**
   * @param requested the level the request asked for
   * @param storeLevel the strongest level the store serves
   */
  public ConsistencyLevelNotSupportedException(
      ConsistencyLevel requested, ConsistencyLevel storeLevel) {
    this(requested, ServedLevels.upTo(Objects.requireNonNull(storeLevel, "storeLevel")));
  }

  private static String message(ConsistencyLevel requested, ServedLevels ceiling) {
    boolean sameKind = ceiling.ceiling().stream().anyMatch(l -> l.kind() == requested.kind());
    String why = sameKind && requested.kind() == ConsistencyLevel.Kind.BOUNDED_STALENESS
        ? "a bounded-staleness request needs both bounds at least as large as the store's"
        : "a request may ask for a level at or below the store's strongest";
    return "Consistency level " + requested + " is not served by this store, whose strongest "
        + (ceiling.ceiling().size() == 1 ? "level is " : "levels are ") + ceiling + ": " + why;
  }

  /** The level the request asked for. */
  public ConsistencyLevel requested() {
    return requested;
  }

  /** The levels the store serves. */
  public ServedLevels ceiling() {
    return ceiling;
  }
}
