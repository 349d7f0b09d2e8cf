package dev.chorus.core;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The compact duration form used in Chorus's string forms, such as {@code 5s}, {@code 1500ms} or
 * {@code 2h}: a non-negative integer and one unit of {@code ns us ms s m h d}. Formatting picks
 * the largest unit that represents the duration exactly, so every duration round-trips.
 * Stateless and thread-safe.
 */
final class DurationText {
  private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(ns|us|ms|s|m|h|d)");
  private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);
  private static final String[] UNITS = {"d", "h", "m", "s", "ms", "us", "ns"};
  private static final long[] UNIT_NANOS = {
    86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L
  };

  private DurationText() {}

  /**
   * The compact form of a non-negative duration.
   *
   * @throws IllegalArgumentException if {@code duration} is negative
   */
  static String format(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("Duration must be >= 0, got " + duration);
    }
    BigInteger nanos = BigInteger.valueOf(duration.getSeconds()).multiply(NANOS_PER_SECOND)
        .add(BigInteger.valueOf(duration.getNano()));
    if (nanos.signum() == 0) {
      return "0s";
    }
    for (int i = 0; i < UNITS.length; i++) {
      BigInteger[] quotientRemainder = nanos.divideAndRemainder(BigInteger.valueOf(UNIT_NANOS[i]));
      if (quotientRemainder[1].signum() == 0) {
        return quotientRemainder[0] + UNITS[i];
      }
    }
    throw new IllegalStateException("unreachable: every duration is a whole number of ns");
  }

  /**
   * Parses the compact form, ignoring case and surrounding whitespace.
   *
   * @throws IllegalArgumentException explaining the expected form if {@code text} does not match
   *     it or is too large for a {@link Duration}
   */
  static Duration parse(String text) {
    Matcher matcher = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new IllegalArgumentException("Not a duration: '" + text + "'; expected a non-negative"
          + " integer and a unit of ns, us, ms, s, m, h or d, e.g. 5s or 1500ms");
    }
    BigInteger amount = new BigInteger(matcher.group(1));
    long unitNanos = UNIT_NANOS[Arrays.asList(UNITS).indexOf(matcher.group(2))];
    BigInteger[] secondsAndNanos =
        amount.multiply(BigInteger.valueOf(unitNanos)).divideAndRemainder(NANOS_PER_SECOND);
    if (secondsAndNanos[0].bitLength() > 63) {
      throw new IllegalArgumentException("Duration too large: '" + text + "'");
    }
    return Duration.ofSeconds(secondsAndNanos[0].longValue(), secondsAndNanos[1].longValue());
  }
}
