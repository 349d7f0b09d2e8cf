package dev.chorus.consensus.internal;

import dev.chorus.consensus.raft.RaftEvent;
import dev.chorus.core.ChorusSerializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What a node's Raft storage holds once its events are folded (Figure 2's persistent state, with
 * §7's snapshot): the term and vote, the latest snapshot if any, and the entries after it. It is
 * the Raft log actor's state and its Pekko snapshot, so recovery reads at most one snapshot
 * plus the events after it. Immutable: Pekko may serialize a snapshot of it while new events
 * arrive.
 *
 * @param snapshot the latest state-machine snapshot, or null
 * @param entries the entries after the snapshot (after index 0 without one), consecutive
 * @param parts the parts of a large snapshot journaled so far, in order, that no compaction has
 *     taken yet (see {@link WireEvent.SnapshotPart})
 */
record LogState(long term, String votedFor, WireSnapshot snapshot, List<WireEntry> entries,
    List<WireEvent.SnapshotPart> parts) implements ChorusSerializable {
  static final LogState EMPTY = new LogState(0, null, null, List.of(), List.of());

  LogState {
    entries = SharedTailList.copyOf(entries);
    parts = parts == null ? List.of() : List.copyOf(parts); // null: a snapshot from before parts
  }

  /** The state after {@code event}; the same rules as the core's own recovery. */
  LogState apply(WireEvent event) {
    if (event instanceof WireEvent.TermVoted t) {
      return new LogState(t.term(), t.votedFor(), snapshot, entries, parts);
    } else if (event instanceof WireEvent.Compacted c) {
      return new LogState(term, votedFor, SnapshotParts.assemble(c, parts), c.tail(), List.of());
    } else if (event instanceof WireEvent.SnapshotPart p) {
      return new LogState(term, votedFor, snapshot, entries, SnapshotParts.add(parts, p));
    }
    return append(((WireEvent.Appended) event).entries());
  }

  /** Cuts back to just before the first new entry (§5.3), then appends; a gap is corruption. */
  private LogState append(List<WireEntry> appended) {
    long base = snapshot == null ? 0 : snapshot.index();
    long first = appended.get(0).index();
    if (first <= base || first > base + entries.size() + 1) {
      throw new IllegalStateException("a durable append at " + first + " does not fit a log holding "
          + (base + 1) + ".." + (base + entries.size()));
    }
    // Appending after the last entry, the usual case, shares the entries' array (SharedTailList).
    SharedTailList<WireEntry> kept = ((SharedTailList<WireEntry>) entries).prefix((int) (first - base - 1));
    return new LogState(term, votedFor, snapshot, kept.appendAll(appended), parts);
  }

  /** The events {@link dev.chorus.consensus.raft.RaftCore#recover} rebuilds this state from. */
  List<RaftEvent> toRaftEvents() {
    List<RaftEvent> events = new ArrayList<>();
    if (term > 0) {
      events.add(new RaftEvent.TermVoted(term, votedFor));
    }
    if (snapshot != null) {
      events.add(new RaftEvent.Compacted(snapshot.toSnapshot(), entries.stream().map(WireEntry::toEntry).toList()));
    } else if (!entries.isEmpty()) {
      events.add(new RaftEvent.Appended(entries.stream().map(WireEntry::toEntry).toList()));
    }
    return events;
  }
}
