package dev.chorus.consensus.raft;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the core asks its host to do after one input, in this order (etcd-raft's {@code Ready}):
 * start the durable writes (each reported back by {@link RaftCore#persisted} in order), send the
 * messages, restore the state machine from a snapshot if there is one, apply the committed
 * entries, then serve the reads. The core already holds back
 * any message that must follow a write until that write is durable, so the host never has to.
 *
 * @param writes durable writes to start, in order
 * @param messages messages to send now
 * @param restore a snapshot installed from the leader: reset the state machine to it before
 *     applying {@code committed}; empty when there is none
 * @param committed newly committed entries, to apply in order, each exactly once
 * @param reads reads that may be served once {@code committed} is applied
 * @param failedReads ids of reads that cannot be served here (leadership lost or unknown): the
 *     client should retry, at the leader
 */
public record Ready(List<Write> writes, List<Outbound> messages, Optional<Snapshot> restore, List<Entry> committed,
    List<ReadState> reads, List<Long> failedReads) {
  /** Copies. */
  public Ready {
    writes = List.copyOf(writes);
    Objects.requireNonNull(restore, "restore");
    messages = List.copyOf(messages);
    committed = List.copyOf(committed);
    reads = List.copyOf(reads);
    failedReads = List.copyOf(failedReads);
  }

  /** A durable write; {@code token}s increase by one per write. */
  public record Write(long token, RaftEvent event) {}

  /** A message for {@code to}. */
  public record Outbound(String to, RaftMessage message) {}

  /** Whether there is nothing to do. */
  public boolean isEmpty() {
    return writes.isEmpty() && messages.isEmpty() && restore.isEmpty() && committed.isEmpty() && reads.isEmpty()
        && failedReads.isEmpty();
  }
}
