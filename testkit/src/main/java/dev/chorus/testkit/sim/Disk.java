package dev.chorus.testkit.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One node's durable storage: an idealized disk. Writes are atomic and complete in the order they
 * were issued (a journal's fsync order); a write becomes part of {@link #records()} only when it
 * completes, and a crash loses the writes still in flight. Real file systems promise less (torn
 * and reordered writes: Pillai et al., "All File Systems Are Not Created Equal", OSDI 2014); this
 * disk does not model that.
 */
final class Disk {
  private final String nodeId;
  private final List<Object> records = new ArrayList<>();
  private final List<Object> view = Collections.unmodifiableList(records);
  private long lastCompletion;
  private int inFlight;

  Disk(String nodeId) {
    this.nodeId = nodeId;
  }

  /** Queues a write issued at {@code now} taking {@code latency}; returns when it completes. */
  long submit(long now, long latencyNanos) {
    lastCompletion = Math.max(lastCompletion, now + latencyNanos);
    inFlight++;
    return lastCompletion;
  }

  void complete(DurableWrite write) {
    inFlight--;
    if (write.keep() != DurableWrite.KEEP_ALL) {
      if (write.keep() > records.size()) {
        throw new IllegalStateException(nodeId + "'s write " + write.token() + " keeps "
            + write.keep() + " records but only " + records.size() + " are durable");
      }
      records.subList(write.keep(), records.size()).clear();
    }
    records.addAll(write.records());
  }

  /** Forgets the writes in flight; returns how many were lost. */
  int crash() {
    int lost = inFlight;
    inFlight = 0;
    lastCompletion = 0;
    return lost;
  }

  List<Object> records() {
    return view;
  }
}
