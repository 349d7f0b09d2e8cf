package dev.chorus.testkit.check;

import java.util.Arrays;

/**
 * A set of operations placed so far in a search, as bits, with a compact snapshot for the memo
 * table. Operations are numbered in invocation order. Ok operations are placed roughly in that
 * order, so their set is a run of ones then a short ragged window; operations of unknown
 * outcome are mostly never placed, so theirs is a run of zeros then a window. A snapshot keeps
 * only the window after the run of {@code fill} words, which keeps the memo small on long
 * histories.
 */
final class OpSet {
  private final long[] words;
  private final long fill;
  private Window cached;

  /** A set for ids below {@code capacity}; snapshots skip leading words equal to {@code fill}. */
  OpSet(int capacity, long fill) {
    this.words = new long[(capacity + 63) >>> 6];
    this.fill = fill;
  }

  void add(int i) {
    words[i >>> 6] |= 1L << i;
    cached = null;
  }

  void remove(int i) {
    words[i >>> 6] &= ~(1L << i);
    cached = null;
  }

  /** The set's window: words after the leading run of {@code fill}, up to the last non-zero. */
  Window window() {
    if (cached != null) {
      return cached;
    }
    int skip = 0;
    while (skip < words.length && words[skip] == fill) {
      skip++;
    }
    int end = words.length;
    while (end > skip && words[end - 1] == 0L) {
      end--;
    }
    cached = new Window(skip, Arrays.copyOfRange(words, skip, end));
    return cached;
  }

  /** The set as the index of its first word that is not {@code fill}, and the words from there. */
  record Window(int skip, long[] words) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Window w && w.skip == skip && Arrays.equals(w.words, words);
    }

    @Override
    public int hashCode() {
      return 31 * skip + Arrays.hashCode(words);
    }
  }

  /** A memo key: the placed ok operations, the placed unknown ones, and the model state. */
  static final class Snapshot {
    private final Window ok;
    private final Window unknown;
    private final Object state;
    private final int hash;

    Snapshot(Window ok, Window unknown, Object state) {
      this.ok = ok;
      this.unknown = unknown;
      this.state = state;
      this.hash = (31 * ok.hashCode() + unknown.hashCode()) * 31 + state.hashCode();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Snapshot s && s.hash == hash && s.ok.equals(ok)
          && s.unknown.equals(unknown) && s.state.equals(state);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
