package dev.chorus.core.clock;

/**
 * A node's source of physical time, in milliseconds since the Unix epoch.
 *
 * <p>Every component that needs physical time takes one of these instead of calling {@link
 * System#currentTimeMillis()}, so tests can drive time by hand and the testkit can skew a node's
 * clock (docs/architecture.md, "Clocks"). Implementations must be thread-safe and must not block. The value
 * may go backwards (NTP steps, skew injected by a test); consumers such as {@link
 * HybridLogicalClock} stay monotonic regardless.
 */
@FunctionalInterface
public interface PhysicalClock {

  /** The current physical time in milliseconds since the Unix epoch; never blocks. */
  long currentTimeMillis();

  /** The JVM's wall clock, {@link System#currentTimeMillis()}. */
  static PhysicalClock system() {
    return System::currentTimeMillis;
  }
}
