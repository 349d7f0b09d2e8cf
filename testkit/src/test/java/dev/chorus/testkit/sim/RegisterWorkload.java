package dev.chorus.testkit.sim;

import java.util.Random;

/**
 * Reads and writes on two keys with values 0..9: few keys so operations collide, a small value
 * space to keep the linearizability search small, but enough values that a stale read is rarely
 * masked by a concurrent write of the same value.
 */
final class RegisterWorkload {
  private static final String[] KEYS = {"x", "y"};

  private RegisterWorkload() {}

  static Command next(Random random, int client) {
    String key = KEYS[random.nextInt(KEYS.length)];
    return random.nextBoolean()
        ? new Command("read", key, null)
        : new Command("write", key, random.nextInt(10));
  }
}
