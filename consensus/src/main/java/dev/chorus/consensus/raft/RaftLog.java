package dev.chorus.consensus.raft;

import dev.chorus.consensus.CommandSize;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's log as it will be once its writes in flight are durable: the entries after a base
 * (index 0, term 0 until snapshots move it). Indexes start at 1. Not thread-safe; owned by one
 * {@link RaftCore}.
 */
final class RaftLog {
  private final List<Entry> entries = new ArrayList<>();
  private long baseIndex;
  private long baseTerm;

  /** The index of the last entry compacted into a snapshot (0 before any). */
  long baseIndex() {
    return baseIndex;
  }

  /** The entries after {@code index}, to the end. */
  List<Entry> entriesAfter(long index) {
    return List.copyOf(entries.subList((int) (index - baseIndex), entries.size()));
  }

  /** Drops the entries up to {@code index}, which a snapshot now covers (§7). */
  void compact(long index) {
    if (index <= baseIndex || index > lastIndex()) {
      throw new IllegalArgumentException("cannot compact to " + index + ": log holds "
          + (baseIndex + 1) + ".." + lastIndex());
    }
    long term = term(index);
    entries.subList(0, (int) (index - baseIndex)).clear();
    baseIndex = index;
    baseTerm = term;
  }

  /** Replaces the whole log by a snapshot's position and the entries after it. */
  void restore(long index, long term, List<Entry> tail) {
    entries.clear();
    baseIndex = index;
    baseTerm = term;
    entries.addAll(tail);
  }

  /** The index of the last entry, or the base index when there are none. */
  long lastIndex() {
    return baseIndex + entries.size();
  }

  /** The term of the last entry, or the base term. */
  long lastTerm() {
    return entries.isEmpty() ? baseTerm : entries.get(entries.size() - 1).term();
  }

  /** The term of the entry at {@code index}; the base's term at the base; -1 if not held. */
  long term(long index) {
    if (index == baseIndex) {
      return baseTerm;
    }
    if (index < baseIndex || index > lastIndex()) {
      return -1;
    }
    return entries.get((int) (index - baseIndex - 1)).term();
  }

  /** The entry at {@code index}, which must be held. */
  Entry entry(long index) {
    if (index <= baseIndex || index > lastIndex()) {
      throw new IllegalArgumentException("no entry " + index + " (log holds " + (baseIndex + 1) + ".." + lastIndex() + ")");
    }
    return entries.get((int) (index - baseIndex - 1));
  }

  /** Up to {@code max} entries from {@code from}, stopping before {@code maxBytes} is exceeded. */
  List<Entry> slice(long from, int max, long maxBytes, CommandSize size) {
    List<Entry> out = new ArrayList<>();
    long bytes = 0;
    for (long i = from; i <= lastIndex() && out.size() < max; i++) {
      Entry e = entry(i);
      bytes += size.bytes(e.command());
      if (!out.isEmpty() && bytes > maxBytes) {
        break;
      }
      out.add(e);
    }
    return out;
  }

  /**
   * Whether a candidate's log is at least as up-to-date as this one (§5.4.1): a later last term
   * wins; with equal last terms, the longer log.
   */
  boolean isUpToDate(long lastIndex, long lastTerm) {
    return lastTerm > lastTerm() || (lastTerm == lastTerm() && lastIndex >= lastIndex());
  }

  /** The first index holding {@code term}, searching back from {@code index}. */
  long firstIndexOfTerm(long term, long index) {
    long i = index;
    while (i > baseIndex + 1 && term(i - 1) == term) {
      i--;
    }
    return i;
  }

  /** The last index holding {@code term}, or -1 if this log has no entry of that term. */
  long lastIndexOfTerm(long term) {
    for (long i = lastIndex(); i > baseIndex; i--) {
      long t = term(i);
      if (t == term) {
        return i;
      }
      if (t < term) {
        return -1;
      }
    }
    return -1;
  }

  /**
   * Appends {@code incoming} (consecutive entries following {@code prevIndex}, which must match),
   * skipping those already held and cutting the log back at the first conflict (§5.3 rule 3: "if
   * an existing entry conflicts with a new one, delete it and all that follow").
   *
   * @return the entries actually written, empty when all were already held
   */
  List<Entry> appendAfter(long prevIndex, List<Entry> incoming) {
    int skip = 0;
    while (skip < incoming.size()) {
      Entry e = incoming.get(skip);
      long held = term(e.index());
      if (held != e.term()) {
        break;
      }
      skip++;
    }
    List<Entry> fresh = incoming.subList(skip, incoming.size());
    if (!fresh.isEmpty()) {
      truncateFrom(fresh.get(0).index());
      entries.addAll(fresh);
    }
    return List.copyOf(fresh);
  }

  /** Appends one entry at the end (a leader's proposal). */
  void append(Entry e) {
    if (e.index() != lastIndex() + 1) {
      throw new IllegalStateException("entry " + e.index() + " does not follow " + lastIndex());
    }
    entries.add(e);
  }

  /** Drops every entry at or after {@code index}. */
  private void truncateFrom(long index) {
    if (index <= baseIndex) {
      throw new IllegalStateException("cannot cut the log back to " + index + ": entries up to "
          + baseIndex + " are in a snapshot, so committed");
    }
    while (lastIndex() >= index) {
      entries.remove(entries.size() - 1);
    }
  }

  /** Rebuilds from a durable {@link RaftEvent.Appended}. */
  void replay(List<Entry> appended) {
    truncateFrom(appended.get(0).index());
    if (appended.get(0).index() != lastIndex() + 1) {
      throw new IllegalStateException("durable append at " + appended.get(0).index()
          + " leaves a gap after " + lastIndex());
    }
    entries.addAll(appended);
  }
}
