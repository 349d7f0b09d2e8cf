package dev.chorus.consensus.raft;

import dev.chorus.consensus.raft.RaftMessage.InstallSnapshot;
import dev.chorus.core.Bytes;

/**
 * A follower's side of InstallSnapshot (§7, Figure 13): gathers the chunks of one snapshot in
 * order and hands over the whole snapshot when the last arrives. Chunks stay in memory; only the
 * complete snapshot is written.
 */
final class SnapshotReceiver {
  private long index = -1;
  private Bytes received = Bytes.empty();

  /**
   * Takes a chunk.
   *
   * @return the complete snapshot after its last chunk, else null; {@link #nextOffset} says what
   *     to ask for next
   */
  Snapshot accept(InstallSnapshot m) {
    if (m.offset() == 0) {
      index = m.index();
      received = Bytes.empty();
    }
    if (m.index() != index || m.offset() != received.size()) {
      return null;
    }
    received = received.concat(m.chunk());
    if (!m.done()) {
      return null;
    }
    Snapshot complete = new Snapshot(m.index(), m.snapshotTerm(), m.config(), received);
    index = -1;
    received = Bytes.empty();
    return complete;
  }

  /** The offset of the next byte wanted of the snapshot at {@code snapshotIndex}. */
  long nextOffset(long snapshotIndex) {
    return snapshotIndex == index ? received.size() : 0;
  }
}
