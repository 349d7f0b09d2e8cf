package dev.chorus.consensus.raft;

import java.util.List;

/**
 * What a Raft node writes to durable storage, as events: replaying them in order rebuilds the
 * node's persistent state (Figure 2: currentTerm, votedFor, log[]).
 */
public sealed interface RaftEvent {
  /** The node's term and vote changed; a vote must be durable before it is sent (§5.2). */
  record TermVoted(long term, String votedFor) implements RaftEvent {}

  /**
   * Entries were appended. If the first one's index is not past the log's end, the log was first
   * cut back to just before it: a follower dropping a conflicting tail (§5.3).
   */
  record Appended(List<Entry> entries) implements RaftEvent {
    /** Copies; requires at least one entry, in consecutive order. */
    public Appended {
      entries = List.copyOf(entries);
      if (entries.isEmpty()) {
        throw new IllegalArgumentException("an append carries at least one entry");
      }
      for (int i = 1; i < entries.size(); i++) {
        if (entries.get(i).index() != entries.get(i - 1).index() + 1) {
          throw new IllegalArgumentException("entries out of order: " + entries);
        }
      }
    }
  }

  /**
   * Log compaction (§7): storage now holds {@code snapshot} and then exactly {@code tail}, the
   * entries after it; everything before is gone. Written when the node snapshots its state
   * machine, or installs a snapshot from the leader.
   */
  record Compacted(Snapshot snapshot, List<Entry> tail) implements RaftEvent {
    /** Copies; the tail must start right after the snapshot. */
    public Compacted {
      tail = List.copyOf(tail);
      if (!tail.isEmpty() && tail.get(0).index() != snapshot.index() + 1) {
        throw new IllegalArgumentException("the tail starts at " + tail.get(0).index()
            + ", not right after the snapshot at " + snapshot.index());
      }
    }
  }
}
