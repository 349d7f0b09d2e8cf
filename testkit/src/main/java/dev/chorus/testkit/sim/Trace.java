package dev.chorus.testkit.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The run's trace, kept as a running 64-bit FNV-1a hash of every step's text (cheap and stable
 * across JVMs, unlike {@code String.hashCode} of a concatenation) plus the last few lines for
 * failure reports.
 */
final class Trace {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  private static final int KEPT_LINES = 30;

  private final ArrayDeque<String> last = new ArrayDeque<>();
  private long hash = FNV_OFFSET;

  void add(String line) {
    long h = hash;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      h = (h ^ (c & 0xff)) * FNV_PRIME;
      h = (h ^ (c >>> 8)) * FNV_PRIME;
    }
    hash = (h ^ '\n') * FNV_PRIME;
    if (last.size() == KEPT_LINES) {
      last.removeFirst();
    }
    last.addLast(line);
  }

  long hash() {
    return hash;
  }

  List<String> lastLines() {
    return new ArrayList<>(last);
  }
}
