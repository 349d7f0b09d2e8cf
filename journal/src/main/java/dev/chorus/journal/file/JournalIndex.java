package dev.chorus.journal.file;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the journal knows without reading segments: per persistence id, where each record is, the
 * highest sequence number ever written, and how far events are deleted. Thread-safe (every method
 * locks the index; they are all short).
 */
final class JournalIndex {
  private static final class PidState {
    final List<IndexEntry> entries = new ArrayList<>();
    long highest;
    long deletedTo;
  }

  private final Map<String, PidState> pids = new HashMap<>();
  /** Per segment: per persistence id, the highest sequence number that segment holds. */
  private final Map<Long, Map<String, Long>> segmentHighest = new HashMap<>();

  synchronized void add(IndexEntry e) {
    PidState s = pids.computeIfAbsent(e.persistenceId(), k -> new PidState());
    s.entries.add(e);
    s.highest = Math.max(s.highest, e.toSequenceNr());
    segmentHighest.computeIfAbsent(e.segmentId(), k -> new HashMap<>())
        .merge(e.persistenceId(), e.toSequenceNr(), Math::max);
  }

  /**
   * Records a deletion. Deleting past the highest sequence number deletes up to it only, so that
   * events written later are not born deleted.
   */
  synchronized void delete(String persistenceId, long toSequenceNr, long highestAtDeletion) {
    PidState s = pids.computeIfAbsent(persistenceId, k -> new PidState());
    s.highest = Math.max(s.highest, highestAtDeletion);
    s.deletedTo = Math.max(s.deletedTo, Math.min(toSequenceNr, highestAtDeletion));
  }

  synchronized long highest(String persistenceId) {
    PidState s = pids.get(persistenceId);
    return s == null ? 0 : s.highest;
  }

  synchronized long deletedTo(String persistenceId) {
    PidState s = pids.get(persistenceId);
    return s == null ? 0 : s.deletedTo;
  }

  /** The records of {@code persistenceId} that hold live events within [from, to], in order. */
  synchronized List<IndexEntry> entries(String persistenceId, long from, long to) {
    PidState s = pids.get(persistenceId);
    if (s == null) {
      return List.of();
    }
    long low = Math.max(from, s.deletedTo + 1);
    List<IndexEntry> out = new ArrayList<>();
    for (int i = firstEndingAtOrAfter(s.entries, low); i < s.entries.size(); i++) {
      IndexEntry e = s.entries.get(i);
      if (e.fromSequenceNr() > to) {
        break;
      }
      out.add(e);
    }
    return out;
  }

  // Entries are in sequence order per id, so binary search finds where a replay starts.
  private static int firstEndingAtOrAfter(List<IndexEntry> entries, long seq) {
    int lo = 0;
    int hi = entries.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (entries.get(mid).toSequenceNr() < seq) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Segments among {@code candidates} all of whose events are deleted. */
  synchronized Set<Long> fullyDeleted(Set<Long> candidates) {
    Set<Long> out = new TreeSet<>();
    for (long id : candidates) {
      Map<String, Long> highs = segmentHighest.getOrDefault(id, Map.of());
      boolean all = highs.entrySet().stream()
          .allMatch(h -> h.getValue() <= pids.get(h.getKey()).deletedTo);
      if (all) {
        out.add(id);
      }
    }
    return out;
  }

  /** Forgets a removed segment's records. */
  synchronized void dropSegment(long id) {
    Map<String, Long> highs = segmentHighest.remove(id);
    if (highs == null) {
      return;
    }
    for (String pid : highs.keySet()) {
      pids.get(pid).entries.removeIf(e -> e.segmentId() == id);
    }
  }
}
