package dev.chorus.testkit.sim;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The event queue, ordered by (time, sequence number): events due at the same simulated time run
 * in the order they were scheduled, so ties never depend on anything but the run itself.
 */
final class Scheduler {
  record Entry(long time, long seq, Event event) {}

  private final PriorityQueue<Entry> queue =
      new PriorityQueue<>(Comparator.comparingLong(Entry::time).thenComparingLong(Entry::seq));
  private long seq;

  void at(long time, Event event) {
    queue.add(new Entry(time, seq++, event));
  }

  Entry next() {
    return queue.poll();
  }
}
