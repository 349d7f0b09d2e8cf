package dev.chorus.replication.leaderfollower.protocol;

import dev.chorus.replication.leaderfollower.LogPosition;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A replica's compaction (Raft §7): dropping its stable prefix for the state machine's snapshot,
 * the durable image that then stands for everything written before, and restoring from one.
 * State lives in {@link ReplicaCore}; this holds the steps.
 */
final class ReplicaCompaction {
  private final ReplicaCore c;

  ReplicaCompaction(ReplicaCore c) {
    this.c = c;
  }

  ReplicaEffects compact(StoreSnapshot s) {
    if (s.offset() > c.stableOffset || s.offset() <= c.log.baseOffset() || s.offset() > c.log.lastOffset()
        || c.log.epochAt(s.offset()) != s.epoch()) {
      throw new IllegalArgumentException("cannot compact through " + s + ": the log holds " + (c.log.baseOffset() + 1)
          + " to " + c.log.lastOffset() + ", stable through " + c.stableOffset);
    }
    ReplicaEffects.Builder out = new ReplicaEffects.Builder();
    ReplicaEffects.Image image = image(s, c.log.after(s.offset(), Integer.MAX_VALUE));
    c.log.compactThrough(s);
    c.snapshot = s;
    c.ackedBelowMajority.removeIf(p -> p.offset() <= s.offset());
    out.writes.add(c.durable.issue(-1, List.of(), null, image, c.log.lastOffset()));
    return out.build();
  }

  /** This replica's durable state now, from {@code base} on, with {@code tail} after it. */
  ReplicaEffects.Image image(StoreSnapshot base, List<LogRecord> tail) {
    Set<LogPosition> above = new HashSet<>();
    c.ackedBelowMajority.stream().filter(p -> p.offset() > base.offset()).forEach(above::add);
    // Every cut issued before this image is durable once the image is (writes complete in order),
    // so the image counts the ones still in flight too.
    long lost = c.lostAcknowledged + c.lostOnceDurable.values().stream().mapToLong(Long::longValue).sum();
    return new ReplicaEffects.Image(base, c.epoch, c.ledEpochs, above, tail, lost);
  }

  /** Recovery: the durable state is {@code image}, and the writes after it follow. */
  void restore(ReplicaEffects.Image image) {
    c.log.install(image.snapshot());
    image.tail().forEach(c.log::append);
    c.snapshot = image.snapshot();
    c.stableOffset = Math.max(c.stableOffset, c.snapshot.offset());
    c.epoch = Math.max(c.epoch, image.epoch());
    c.ledEpochs.addAll(image.ledEpochs());
    c.ackedBelowMajority.addAll(image.ackedBelowMajority());
    c.lostAcknowledged = image.lostAcknowledged(); // the image stands for every write before it
  }
}
