package dev.chorus.core;

/**
 * The one soak switch (docs/architecture.md, "Tests, CI time and soak runs").
 *
 * <p>{@code mvn verify -Dchorus.soak=true} makes every module's tests run their long variants:
 * more seeds, more kills, longer fault schedules. Tests read it through this class and nowhere
 * else, so there is exactly one switch.
 */
public final class Soak {
  /** The system property that switches soak runs on. */
  public static final String PROPERTY = "chorus.soak";

  private Soak() {}

  /** Whether {@code -Dchorus.soak=true} was given. */
  public static boolean enabled() {
    return Boolean.parseBoolean(System.getProperty(PROPERTY, "false"));
  }

  /** {@code soak} when soak runs are on, {@code normal} otherwise: for iteration counts. */
  public static int choose(int normal, int soak) {
    return enabled() ? soak : normal;
  }
}
