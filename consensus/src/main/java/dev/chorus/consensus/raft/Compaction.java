package dev.chorus.consensus.raft;

import dev.chorus.core.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * Log compaction (§7): when the host should snapshot, the log cut back once it has, and the
 * applied entries still held for a change feed. The log keeps {@code retainedEntries} before each
 * snapshot, for change feeds and followers a little behind (etcd's SnapshotCatchUpEntries); what
 * is persisted starts after the snapshot.
 */
final class Compaction {
  private final RaftCore core;
  private Snapshot latest;

  Compaction(RaftCore core) {
    this.core = core;
  }

  Snapshot latest() {
    return latest;
  }

  /** The snapshot a recovery or an InstallSnapshot brought. */
  void restored(Snapshot s) {
    latest = s;
  }

  boolean due() {
    long base = latest == null ? 0 : latest.index();
    return core.appliedIndex() - base >= core.settings().snapshotEntries();
  }

  void taken(long index, Bytes data) {
    long base = latest == null ? 0 : latest.index();
    if (index > core.appliedIndex() || index <= base) {
      throw new IllegalArgumentException("a snapshot at " + index + " must be applied (applied "
          + core.appliedIndex() + ") and past the last one (" + base + ")");
    }
    RaftLog log = core.log();
    latest = new Snapshot(index, log.term(index), core.config().at(index), data);
    long compactTo = index - core.settings().retainedEntries();
    if (compactTo > log.baseIndex()) {
      log.compact(compactTo);
    }
    core.config().compacted(index);
    core.persist(new RaftEvent.Compacted(latest, log.entriesAfter(index)));
  }

  long firstHeldIndex() {
    return core.log().baseIndex() + 1;
  }

  List<Entry> appliedFrom(long from, int max) {
    if (from < firstHeldIndex()) {
      throw new IllegalArgumentException("entry " + from + " is compacted; the log holds " + firstHeldIndex() + " on");
    }
    long to = Math.min(core.appliedIndex(), from + max - 1);
    List<Entry> out = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      out.add(core.log().entry(i));
    }
    return out;
  }
}
