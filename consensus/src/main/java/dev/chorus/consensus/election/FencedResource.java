package dev.chorus.consensus.election;

import dev.chorus.core.Epoch;

/**
 * A storage-side fencing check: it accepts a write only if its token is at least the largest it
 * has seen, so a deposed lease holder that wakes up after its successor wrote cannot overwrite
 * it (Kleppmann 2016, "Making the lock safe with fencing"). Thread-safe.
 */
public final class FencedResource<T> {
  private Epoch highest = Epoch.ZERO;
  private T value;

  /** The write was refused: its token is older than one already seen. */
  public static final class StaleToken extends RuntimeException {
    StaleToken(Epoch token, Epoch highest) {
      super("fencing token " + token.value() + " is older than " + highest.value()
          + ", which a newer lease holder already used: this writer lost its lease");
    }
  }

  /**
   * Writes {@code newValue} under {@code token}.
   *
   * @throws StaleToken if a larger token was seen before
   */
  public synchronized void write(Epoch token, T newValue) {
    if (token.isOlderThan(highest)) {
      throw new StaleToken(token, highest);
    }
    highest = token;
    value = newValue;
  }

  /** The value last written. */
  public synchronized T read() {
    return value;
  }
}
