package dev.chorus.replication.leaderfollower.protocol;

import java.util.Arrays;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The state machine's state as of {@code offset}, standing in for the log through it once the
 * log is compacted (Raft §7's snapshot, Kafka's log start offset). It carries the log's epoch
 * starts, so that a replica installing it still answers KIP-101 epoch queries and still tells
 * which epoch wrote any offset it covers (for session positions).
 *
 * @param offset the last offset it covers, at least 1
 * @param epoch the epoch of the record at {@code offset}
 * @param epochStarts each epoch's first offset, for the epochs up to {@code epoch}
 * @param state the state machine's snapshot bytes
 */
public record StoreSnapshot(long offset, long epoch, SortedMap<Long, Long> epochStarts, byte[] state) {
  /** Validates and copies. */
  public StoreSnapshot {
    if (offset < 1 || epoch < 1) {
      throw new IllegalArgumentException("a snapshot covers at least offset 1 of epoch 1, got " + offset + "/" + epoch);
    }
    epochStarts = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(epochStarts.headMap(epoch + 1)));
    state = state.clone();
  }

  /** The state's bytes (a copy). */
  @Override
  public byte[] state() {
    return state.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoreSnapshot s && s.offset == offset && s.epoch == epoch && s.epochStarts.equals(epochStarts)
        && Arrays.equals(s.state, state);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(offset) * 31 + Arrays.hashCode(state);
  }

  @Override
  public String toString() {
    return "StoreSnapshot[offset=" + offset + ", epoch=" + epoch + ", " + state.length + " bytes]";
  }

  /** This snapshot claiming another offset: for tests of what a log refuses. */
  StoreSnapshot withOffset(long other) {
    return new StoreSnapshot(other, epoch, epochStarts, state);
  }
}
