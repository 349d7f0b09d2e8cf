package dev.chorus.consensus.raft;

import java.util.ArrayDeque;

/**
 * A leader's view of one follower (Figure 2's nextIndex and matchIndex, with etcd's probe and
 * replicate states): while probing, one AppendEntries at a time finds where the logs agree;
 * then up to maxInflight batches are pipelined.
 */
final class Progress {
  long match;
  long next;
  boolean probing = true;
  /** Whether the follower answered since the last check-quorum round. */
  boolean recentActive;
  /**
   * Whether an acknowledgement freed a batch in flight since the last heartbeat. An answer to a
   * heartbeat alone does not count: a follower that lost a batch keeps answering heartbeats, and
   * counting those left it behind until the next write (found by RaftThesisScriptTest).
   */
  boolean ackedSinceHeartbeat;
  /** The snapshot being sent to this follower, or -1; the next offset to send; one chunk at a time. */
  long snapshotIndex = -1;
  long snapshotOffset;
  boolean snapshotInflight;
  /** The last index of each AppendEntries in flight, oldest first. */
  final ArrayDeque<Long> inflight = new ArrayDeque<>();

  Progress(long next) {
    this.next = next;
  }

  /** Forget what is in flight and probe again from just after the match (a lost message). */
  void reprobe() {
    inflight.clear();
    probing = true;
    next = match + 1;
  }

  /** Acknowledged up to {@code index}: frees the batches it covers. */
  void acknowledged(long index) {
    if (index > match) {
      match = index;
    }
    next = Math.max(next, match + 1);
    while (!inflight.isEmpty() && inflight.peekFirst() <= index) {
      inflight.pollFirst();
      ackedSinceHeartbeat = true;
    }
    probing = false;
  }
}
