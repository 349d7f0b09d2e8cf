package dev.chorus.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The consistency levels a store serves: every level at or below one of its strongest (its
 * ceiling), in the order of {@link ConsistencyLevel}. Serving a stronger read also keeps every
 * weaker level's promise, so a ceiling of {@code STRONG} serves all levels. The order is partial,
 * so a ceiling may hold more than one level: {@code causal, bounded-staleness(10,1s)} serves
 * {@code session} but not {@code strong}.
 *
 * @param ceiling the strongest levels served, none weaker than another; not empty
 */
public record ServedLevels(List<ConsistencyLevel> ceiling) {
  /** Every level. */
  public static final ServedLevels ALL = upTo(ConsistencyLevel.STRONG);

  /**
   * Keeps the levels of {@code ceiling} that no other one covers, in their order.
   *
   * @throws IllegalArgumentException if {@code ceiling} is empty
   */
  public ServedLevels {
    if (ceiling.isEmpty()) {
      throw new IllegalArgumentException("a store serves at least one consistency level");
    }
    List<ConsistencyLevel> kept = new ArrayList<>();
    for (ConsistencyLevel level : ceiling) {
      Objects.requireNonNull(level, "level");
      boolean covered = ceiling.stream()
          .anyMatch(other -> !other.equals(level) && level.isWeakerOrEqualTo(other));
      if (!covered && !kept.contains(level)) {
        kept.add(level);
      }
    }
    ceiling = List.copyOf(kept);
  }

  /** The levels at or below any of {@code strongest}. */
  public static ServedLevels upTo(ConsistencyLevel... strongest) {
    return new ServedLevels(List.of(strongest));
  }

  /** Whether a request may ask for {@code level}: it is at or below a level of the ceiling. */
  public boolean serves(ConsistencyLevel level) {
    Objects.requireNonNull(level, "level");
    for (ConsistencyLevel top : ceiling) { // on every read: no stream
      if (level.isWeakerOrEqualTo(top)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Checks that a request may ask for {@code level}, before any work is done.
   *
   * @throws ConsistencyLevelNotSupportedException naming the level and this ceiling if not
   */
  public void require(ConsistencyLevel level) {
    if (!serves(level)) {
      throw new ConsistencyLevelNotSupportedException(level, this);
    }
  }

  /** The ceiling's levels, such as {@code strong} or {@code causal, bounded-staleness(10,1s)}. */
  @Override
  public String toString() {
    return ceiling.stream().map(ConsistencyLevel::toString).collect(Collectors.joining(", "));
  }
}
