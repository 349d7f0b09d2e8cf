package dev.chorus.testkit.sim;

import java.util.Random;

/** Uniform draws in a closed range. */
final class Uniform {
  private Uniform() {}

  static long between(Random random, long min, long max) {
    return min == max ? min : random.nextLong(min, max + 1);
  }
}
