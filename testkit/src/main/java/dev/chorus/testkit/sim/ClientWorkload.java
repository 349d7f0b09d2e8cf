package dev.chorus.testkit.sim;

import java.util.Random;

/**
 * What simulated clients ask for: the next command of client {@code clientIndex}.
 *
 * <p>Must be deterministic: it draws only from {@code random} (the client's own, seeded from the
 * run's seed).
 */
@FunctionalInterface
public interface ClientWorkload {
  /** The next command for client {@code clientIndex} (0-based). */
  Command next(Random random, int clientIndex);
}
