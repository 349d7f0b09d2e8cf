package dev.chorus.consensus.raft;

import dev.chorus.consensus.Membership;
import dev.chorus.consensus.MembershipChange;
import dev.chorus.consensus.MembershipChangeRejected;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The configurations in a node's log, by index, so the latest is at hand and a cut-back log
 * falls back to the one before (thesis §4.1: "a server always uses the latest configuration in
 * its log, regardless of whether the entry is committed").
 */
final class ConfigTracker {
  private final TreeMap<Long, Membership> byIndex = new TreeMap<>();

  /** The configuration a log starts from, at its base index (0 for the bootstrap one). */
  void base(long index, Membership m) {
    byIndex.clear();
    byIndex.put(index, m);
  }

  Membership current() {
    return byIndex.lastEntry().getValue();
  }

  /** The voters but {@code self}, sorted: whom elections and ReadIndex rounds ask. */
  List<String> otherVoters(String self) {
    return current().voters().stream().filter(v -> !v.equals(self)).sorted().toList();
  }

  /** The members, voters and learners, but {@code self}, sorted: whom a leader replicates to. */
  List<String> otherMembers(String self) {
    return current().members().stream().filter(v -> !v.equals(self)).sorted().toList();
  }

  /** The index of the latest configuration entry (the base index when there is none after it). */
  long currentIndex() {
    return byIndex.lastKey();
  }

  /** The configuration before the latest one (the latest itself when there is only the base). */
  Membership previous() {
    Map.Entry<Long, Membership> e = byIndex.lowerEntry(byIndex.lastKey());
    return e == null ? current() : e.getValue();
  }

  /** The configuration in force at {@code index}. */
  Membership at(long index) {
    Map.Entry<Long, Membership> e = byIndex.floorEntry(index);
    return e == null ? byIndex.firstEntry().getValue() : e.getValue();
  }

  /** Entries were written from {@code entries.get(0).index()} on, replacing anything there. */
  void written(List<Entry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    long from = entries.get(0).index();
    if (from > byIndex.firstKey()) {
      byIndex.tailMap(from, true).clear();
    }
    for (Entry e : entries) {
      if (e.command() instanceof Membership m) {
        byIndex.put(e.index(), m);
      }
    }
  }

  /**
   * The configuration one membership change makes (thesis §4.1). Only one may be in flight, and
   * only once the leader has committed an entry of its own term (the fix to single-server
   * changes: Ongaro, raft-dev, 2015), so that two leaders' overlapping changes cannot both commit.
   *
   * @throws MembershipChangeRejected saying why the change cannot be made now
   */
  Membership next(MembershipChange change, long commitIndex, boolean committedInOwnTerm) {
    if (currentIndex() > commitIndex) {
      throw new MembershipChangeRejected("a membership change is in progress: entry " + currentIndex()
          + " is not committed yet");
    }
    if (!committedInOwnTerm) {
      throw new MembershipChangeRejected("this leader has not committed an entry of its term yet");
    }
    try {
      return current().apply(change);
    } catch (IllegalArgumentException e) {
      throw new MembershipChangeRejected(e.getMessage());
    }
  }

  /** The log was compacted to {@code index}: the configuration then becomes the base. */
  void compacted(long index) {
    Membership then = at(index);
    byIndex.headMap(index, true).clear();
    byIndex.put(index, then);
  }
}
