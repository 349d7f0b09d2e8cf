package dev.chorus.core.clock;

/**
 * A hybrid logical clock timestamp: the largest physical time seen ({@code l} in the paper) and a
 * logical counter ({@code c}) that orders events sharing that physical time.
 *
 * <p>Ordered by physical part, then logical part. The compact string form is {@code
 * physicalMillis.logical}, for example {@code 1700000000000.3}; {@link #parse} reads it back. On
 * the wire (Jackson) it is an object with the two fields. Immutable and thread-safe.
 *
 * @param physicalMillis milliseconds since the Unix epoch, {@code >= 0}
 * @param logical the logical counter, {@code >= 0}
 */
public record HlcTimestamp(long physicalMillis, int logical) implements Comparable<HlcTimestamp> {

  /** The smallest timestamp, below every timestamp a clock issues. */
  public static final HlcTimestamp ZERO = new HlcTimestamp(0, 0);

  /**
   * @throws IllegalArgumentException if either part is negative
   */
  public HlcTimestamp {
    if (physicalMillis < 0) {
      throw new IllegalArgumentException(
          "HLC physical time must be >= 0 ms since the epoch, got " + physicalMillis);
    }
    if (logical < 0) {
      throw new IllegalArgumentException("HLC logical counter must be >= 0, got " + logical);
    }
  }

  /**
   * Parses the form produced by {@link #toString()}, {@code physicalMillis.logical}.
   *
   * @throws IllegalArgumentException naming the input if it is not two non-negative decimal
   *     numbers separated by a dot, or a part is out of range
   * @throws NullPointerException if {@code text} is null
   */
  public static HlcTimestamp parse(String text) {
    int dot = text.indexOf('.');
    if (dot <= 0 || dot == text.length() - 1 || !digitsOnly(text, 0, dot)
        || !digitsOnly(text, dot + 1, text.length())) {
      throw new IllegalArgumentException("Not an HLC timestamp: '" + text
          + "'; expected physicalMillis.logical, e.g. 1700000000000.3");
    }
    try {
      return new HlcTimestamp(
          Long.parseLong(text.substring(0, dot)), Integer.parseInt(text.substring(dot + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("HLC timestamp out of range: '" + text
          + "'; the physical part must fit a long and the logical part an int", e);
    }
  }

  private static boolean digitsOnly(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char ch = text.charAt(i);
      if (ch < '0' || ch > '9') {
        return false;
      }
    }
    return true;
  }

  /** Whether this timestamp orders strictly after {@code other}. */
  public boolean isAfter(HlcTimestamp other) {
    return compareTo(other) > 0;
  }

  /** Whether this timestamp orders strictly before {@code other}. */
  public boolean isBefore(HlcTimestamp other) {
    return compareTo(other) < 0;
  }

  @Override
  public int compareTo(HlcTimestamp other) {
    int byPhysical = Long.compare(physicalMillis, other.physicalMillis);
    return byPhysical != 0 ? byPhysical : Integer.compare(logical, other.logical);
  }

  /** The compact form {@code physicalMillis.logical}, readable by {@link #parse}. */
  @Override
  public String toString() {
    return physicalMillis + "." + logical;
  }
}
