package dev.chorus.replication.leaderfollower.protocol;

import dev.chorus.replication.leaderfollower.LogPosition;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * The lost-write accounting of {@link ReplicaCore} (see its class comment): which records of this
 * log were acknowledged to their clients, and how many acknowledged writes its cuts dropped. It
 * outlives every role, and is durable: in markers and in every compaction image.
 */
final class LostWrites {
  /** Epochs this replica led: its async records of them were acknowledged once durable here. */
  private final Set<Long> ledEpochs = new HashSet<>();
  /** Writes acknowledged while fewer than a majority held them (each once its marker was durable). */
  private final Set<LogPosition> ackedBelowMajority = new HashSet<>();
  /** Lost writes counted by a cut not durable yet, by the cut's write token. */
  private final TreeMap<Long, Long> lostOnceDurable = new TreeMap<>();
  private long lostAcknowledged;

  /** Recovery: what a durable marker says. */
  void remember(ReplicaEffects.Marker marker) {
    if (marker instanceof ReplicaEffects.Marker.Led l) {
      ledEpochs.add(l.epoch());
    } else if (marker instanceof ReplicaEffects.Marker.AckedBelowMajority a) {
      ackedBelowMajority.add(new LogPosition(a.epoch(), a.offset()));
    } else if (marker instanceof ReplicaEffects.Marker.Lost l) {
      lostAcknowledged += l.count();
    }
  }

  /** This replica leads {@code epoch}. */
  void led(long epoch) {
    ledEpochs.add(epoch);
  }

  /** The write at {@code p} was acknowledged below a majority: its marker is durable. */
  void ackedBelowMajority(LogPosition p) {
    ackedBelowMajority.add(p);
  }

  /** Whether a durable record was acknowledged to its client: see {@link ReplicaCore}'s class comment. */
  boolean wasAcknowledged(LogRecord r) {
    return ledEpochs.contains(r.epoch()) && !r.isEpochStart()
        && (r.async() || ackedBelowMajority.contains(new LogPosition(r.epoch(), r.offset())));
  }

  /**
   * The cut written as {@code token} dropped {@code lost} acknowledged writes. They count once the
   * cut is durable: a crash before that brings the records back, and the replica cuts (and
   * counts) them again after its restart.
   */
  void cut(long token, long lost) {
    if (lost > 0) {
      lostOnceDurable.merge(token, lost, Long::sum);
    }
  }

  /** The writes through {@code token} are durable: what their cuts dropped is lost for good. */
  void durableThrough(long token) {
    while (!lostOnceDurable.isEmpty() && lostOnceDurable.firstKey() <= token) {
      lostAcknowledged += lostOnceDurable.pollFirstEntry().getValue();
    }
  }

  /** Acknowledged writes lost for good, over the replica's life. */
  long lostAcknowledged() {
    return lostAcknowledged;
  }

  /** The log through {@code offset} is compacted away: no cut can reach it any more. */
  void compacted(long offset) {
    ackedBelowMajority.removeIf(p -> p.offset() <= offset);
  }

  /** The accounting for a durable image from {@code base} on, of a replica that knows {@code epoch}. */
  ReplicaEffects.Image image(StoreSnapshot base, long epoch, List<LogRecord> tail) {
    Set<LogPosition> above = new HashSet<>();
    ackedBelowMajority.stream().filter(p -> p.offset() > base.offset()).forEach(above::add);
    // Every cut issued before this image is durable once the image is (writes complete in order),
    // so the image counts the ones still in flight too.
    long lost = lostAcknowledged + lostOnceDurable.values().stream().mapToLong(Long::longValue).sum();
    return new ReplicaEffects.Image(base, epoch, ledEpochs, above, tail, lost);
  }

  /** Recovery from {@code image}: it stands for every write before it. */
  void restore(ReplicaEffects.Image image) {
    ledEpochs.addAll(image.ledEpochs());
    ackedBelowMajority.addAll(image.ackedBelowMajority());
    lostAcknowledged = image.lostAcknowledged();
  }
}
