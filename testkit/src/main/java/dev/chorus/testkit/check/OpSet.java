package dev.chorus.testkit.check;

import java.util.Arrays;

/**
 * The set of operations placed so far in a search, as bits, with a compact snapshot for the
 * memo table. Operations are numbered in invocation order and a search places them roughly in
 * that order, so the set is a run of ones followed by a short ragged window; a snapshot keeps
 * only the window, which keeps the memo small on long histories.
 */
final class OpSet {
  private final long[] words;
  private int size;

  OpSet(int capacity) {
    words = new long[(capacity + 63) >>> 6];
  }

  void add(int i) {
    words[i >>> 6] |= 1L << i;
    size++;
  }

  void remove(int i) {
    words[i >>> 6] &= ~(1L << i);
    size--;
  }

  int size() {
    return size;
  }

  /** An immutable copy for the memo table, keyed together with {@code state}. */
  Snapshot snapshot(Object state) {
    int full = 0;
    while (full < words.length && words[full] == -1L) {
      full++;
    }
    int end = words.length;
    while (end > full && words[end - 1] == 0L) {
      end--;
    }
    return new Snapshot(full, Arrays.copyOfRange(words, full, end), state);
  }

  /** A memo key: all words before {@code full} are ones; then {@code window}; then zeros. */
  static final class Snapshot {
    private final int full;
    private final long[] window;
    private final Object state;
    private final int hash;

    Snapshot(int full, long[] window, Object state) {
      this.full = full;
      this.window = window;
      this.state = state;
      this.hash = (31 * full + Arrays.hashCode(window)) * 31 + state.hashCode();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Snapshot s && s.hash == hash && s.full == full
          && Arrays.equals(s.window, window) && s.state.equals(state);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
