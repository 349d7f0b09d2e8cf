package dev.chorus.core.clock;

/**
 * A node's source of elapsed time, in nanoseconds from an arbitrary origin: what hosts count ticks,
 * timeouts and leases on. Never goes backwards. Every host reads the node's ({@link
 * NodeClocks#monotonic}) instead of {@link System#nanoTime()}, so that the testkit can make a
 * node's clock run fast or slow (the clock-rate fault) and tests can drive it by hand.
 * Implementations are thread-safe and never block.
 */
@FunctionalInterface
public interface MonotonicClock {
  /** Nanoseconds since an arbitrary origin; only differences mean anything. */
  long nanoTime();

  /** The JVM's monotonic clock, {@link System#nanoTime()}. */
  static MonotonicClock system() {
    return System::nanoTime;
  }
}
