package dev.chorus.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The consistency level a store offers or a request asks for (docs/architecture.md, "The consistency
 * vocabulary").
 *
 * <p>The order is Cosmos DB's, {@code STRONG > BOUNDED_STALENESS > SESSION > CONSISTENT_PREFIX >
 * EVENTUAL}, with {@code CAUSAL} beside bounded staleness: causal consistency implies the four
 * session guarantees for every client (Brzezinski et al. 2004; Terry et al. 1994), so it is above
 * {@code SESSION}, and it neither bounds staleness nor is implied by a bound, so it is
 * incomparable with {@code BOUNDED_STALENESS}. The order is therefore partial: {@code STRONG} is
 * above all, then {@code CAUSAL} and {@code BOUNDED_STALENESS}, then {@code SESSION}, {@code
 * CONSISTENT_PREFIX}, {@code EVENTUAL}. Between two bounded-staleness levels the one with larger
 * bounds is weaker, so two with crossed bounds are incomparable too. A store declares the levels
 * it serves ({@link ServedLevels}: everything at or below its strongest ones), and a request may
 * ask for any of them. This type only names levels; the modules that serve reads give them
 * meaning.
 *
 * <p>String form (also the Jackson form): {@code strong}, {@code causal}, {@code
 * bounded-staleness(100,5s)}, {@code session}, {@code consistent-prefix}, {@code eventual}.
 * Values are immutable and thread-safe.
 */
// No default methods here: a class initializes its superinterfaces that declare default methods
// first (JLS 12.4.2), so touching Fixed first would read the constants below while still null.
public sealed interface ConsistencyLevel
    permits ConsistencyLevel.Fixed, ConsistencyLevel.BoundedStaleness {

  /** Linearizable: every read sees the latest acknowledged write. */
  ConsistencyLevel STRONG = Fixed.STRONG;
  /**
   * Causal: every client sees writes in an order that respects potential causality (a write after
   * a read of another write comes after it), which gives every client the four session
   * guarantees without carrying a token.
   */
  ConsistencyLevel CAUSAL = Fixed.CAUSAL;
  /**
   * Read-your-writes, monotonic reads, monotonic writes and writes-follow-reads within a session.
   */
  ConsistencyLevel SESSION = Fixed.SESSION;
  /** Reads never see writes out of order, but may lag arbitrarily. */
  ConsistencyLevel CONSISTENT_PREFIX = Fixed.CONSISTENT_PREFIX;
  /** Replicas converge when writes stop; no ordering guarantee for reads. */
  ConsistencyLevel EVENTUAL = Fixed.EVENTUAL;

  /**
   * The six kinds of level, a strongest first. The order on kinds is partial: {@code CAUSAL} and
   * {@code BOUNDED_STALENESS} are incomparable; every other pair is ordered as listed.
   */
  enum Kind {
    STRONG("strong"),
    CAUSAL("causal"),
    BOUNDED_STALENESS("bounded-staleness"),
    SESSION("session"),
    CONSISTENT_PREFIX("consistent-prefix"),
    EVENTUAL("eventual");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** The kind's name in string forms, such as {@code consistent-prefix}. */
    public String label() {
      return label;
    }

    /** Whether this kind is strictly stronger than {@code other}. */
    public boolean isStrongerThan(Kind other) {
      if (this == other) {
        return false;
      }
      boolean besides = (this == CAUSAL && other == BOUNDED_STALENESS)
          || (this == BOUNDED_STALENESS && other == CAUSAL);
      return !besides && ordinal() < other.ordinal();
    }
  }

  /** This level's kind. */
  Kind kind();

  /**
   * Whether this level is weaker than or equal to {@code other}: by kind, and between two
   * bounded-staleness levels iff both of this level's bounds are at least {@code other}'s.
   *
   * @throws NullPointerException if {@code other} is null
   */
  boolean isWeakerOrEqualTo(ConsistencyLevel other);

  /**
   * Checks that a request asking for this level may be served by a store offering {@code
   * storeLevel}, that is, this level is {@linkplain #isWeakerOrEqualTo weaker or equal}.
   *
   * @throws ConsistencyLevelNotSupportedException naming both levels if it is not
   * @throws NullPointerException if {@code storeLevel} is null
   */
  void requireAllowedBy(ConsistencyLevel storeLevel);

  /**
   * A bounded-staleness level: reads lag the latest write by at most {@code maxVersions} versions
   * and at most {@code maxLag}.
   *
   * @throws IllegalArgumentException if {@code maxVersions} or {@code maxLag} is negative
   * @throws NullPointerException if {@code maxLag} is null
   */
  static BoundedStaleness boundedStaleness(long maxVersions, Duration maxLag) {
    return new BoundedStaleness(maxVersions, maxLag);
  }

  /**
   * Parses the string form, ignoring case and surrounding whitespace and accepting {@code _} for
   * {@code -}.
   *
   * @throws IllegalArgumentException naming the input and listing the accepted forms if it is not
   *     a level, or saying which bound is wrong
   * @throws NullPointerException if {@code text} is null
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static ConsistencyLevel parse(String text) {
    String normalized = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (Fixed fixed : Fixed.values()) {
      if (fixed.kind.label().equals(normalized)) {
        return fixed;
      }
    }
    if (normalized.startsWith(Kind.BOUNDED_STALENESS.label())) {
      return BoundedStaleness.parseBounds(
          text, normalized.substring(Kind.BOUNDED_STALENESS.label().length()).trim());
    }
    throw new IllegalArgumentException("Unknown consistency level '" + text
        + "'; expected one of strong, causal, bounded-staleness(<maxVersions>,<maxLag>) such as "
        + "bounded-staleness(100,5s), session, consistent-prefix, eventual");
  }

  private static boolean weakerOrEqual(ConsistencyLevel a, ConsistencyLevel b) {
    Objects.requireNonNull(b, "other");
    if (a.kind() != b.kind()) {
      return b.kind().isStrongerThan(a.kind());
    }
    if (a instanceof BoundedStaleness ab && b instanceof BoundedStaleness bb) {
      return ab.maxVersions() >= bb.maxVersions() && ab.maxLag().compareTo(bb.maxLag()) >= 0;
    }
    return true;
  }

  private static void requireAllowed(ConsistencyLevel requested, ConsistencyLevel storeLevel) {
    if (!weakerOrEqual(requested, Objects.requireNonNull(storeLevel, "storeLevel"))) {
      throw new ConsistencyLevelNotSupportedException(requested, storeLevel);
    }
  }

  /** The five levels that take no parameters. */
  enum Fixed implements ConsistencyLevel {
    STRONG(Kind.STRONG),
    CAUSAL(Kind.CAUSAL),
    SESSION(Kind.SESSION),
    CONSISTENT_PREFIX(Kind.CONSISTENT_PREFIX),
    EVENTUAL(Kind.EVENTUAL);

    private final Kind kind;

    Fixed(Kind kind) {
      this.kind = kind;
    }

    /**
     * Parses the string form of a level without parameters.
     *
     * @throws IllegalArgumentException if {@code text} is not one
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Fixed fromString(String text) {
      if (ConsistencyLevel.parse(text) instanceof Fixed fixed) {
        return fixed;
      }
      throw new IllegalArgumentException(
          "Expected strong, causal, session, consistent-prefix or eventual, got '" + text + "'");
    }

    @Override
    public Kind kind() {
      return kind;
    }

    @Override
    public boolean isWeakerOrEqualTo(ConsistencyLevel other) {
      return weakerOrEqual(this, other);
    }

    @Override
    public void requireAllowedBy(ConsistencyLevel storeLevel) {
      requireAllowed(this, storeLevel);
    }

    /** The string form, such as {@code consistent-prefix}. */
    @JsonValue
    @Override
    public String toString() {
      return kind.label();
    }
  }

  /**
   * Bounded staleness: reads lag the latest write by at most {@code maxVersions} versions and at
   * most {@code maxLag}. Larger bounds are weaker.
   *
   * @param maxVersions how many versions behind a read may be, {@code >= 0}
   * @param maxLag how far behind in time a read may be, non-negative
   */
  record BoundedStaleness(long maxVersions, Duration maxLag) implements ConsistencyLevel {

    /**
     * @throws IllegalArgumentException if a bound is negative
     * @throws NullPointerException if {@code maxLag} is null
     */
    public BoundedStaleness {
      Objects.requireNonNull(maxLag, "maxLag");
      if (maxVersions < 0) {
        throw new IllegalArgumentException(
            "Bounded staleness maxVersions must be >= 0, got " + maxVersions);
      }
      if (maxLag.isNegative()) {
        throw new IllegalArgumentException("Bounded staleness maxLag must be >= 0, got " + maxLag);
      }
    }

    /**
     * Parses the string form, such as {@code bounded-staleness(100,5s)}.
     *
     * @throws IllegalArgumentException if {@code text} is not a bounded-staleness level
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static BoundedStaleness fromString(String text) {
      if (ConsistencyLevel.parse(text) instanceof BoundedStaleness level) {
        return level;
      }
      throw new IllegalArgumentException(
          "Expected bounded-staleness(<maxVersions>,<maxLag>), got '" + text + "'");
    }

    private static BoundedStaleness parseBounds(String text, String bounds) {
      String form =
          "; expected bounded-staleness(<maxVersions>,<maxLag>) such as bounded-staleness(100,5s)";
      if (!bounds.startsWith("(") || !bounds.endsWith(")")) {
        throw new IllegalArgumentException("Bounded staleness needs its bounds in parentheses: '"
            + text + "'" + form);
      }
      String[] parts = bounds.substring(1, bounds.length() - 1).split(",", -1);
      if (parts.length != 2) {
        throw new IllegalArgumentException("Bounded staleness takes exactly two bounds: '"
            + text + "'" + form);
      }
      String versions = parts[0].trim();
      if (!versions.matches("\\d{1,19}")) {
        throw new IllegalArgumentException("Bad maxVersions '" + versions + "' in '" + text
            + "': must be a non-negative integer" + form);
      }
      long maxVersions;
      Duration maxLag;
      try {
        maxVersions = Long.parseLong(versions);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("maxVersions '" + versions + "' in '" + text
            + "' is larger than " + Long.MAX_VALUE, e);
      }
      try {
        maxLag = DurationText.parse(parts[1]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Bad maxLag in '" + text + "': " + e.getMessage(), e);
      }
      return new BoundedStaleness(maxVersions, maxLag);
    }

    @Override
    public Kind kind() {
      return Kind.BOUNDED_STALENESS;
    }

    @Override
    public boolean isWeakerOrEqualTo(ConsistencyLevel other) {
      return weakerOrEqual(this, other);
    }

    @Override
    public void requireAllowedBy(ConsistencyLevel storeLevel) {
      requireAllowed(this, storeLevel);
    }

    /** The string form, such as {@code bounded-staleness(100,5s)}. */
    @JsonValue
    @Override
    public String toString() {
      return Kind.BOUNDED_STALENESS.label()
          + "(" + maxVersions + "," + DurationText.format(maxLag) + ")";
    }
  }
}
