package dev.chorus.replication.leaderfollower.protocol;

import java.util.List;

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
    if (s.offset() > c.stableOffset() || s.offset() <= c.log.baseOffset() || s.offset() > c.log.lastOffset()
        || c.log.epochAt(s.offset()) != s.epoch()) {
      throw new IllegalArgumentException("cannot compact through " + s + ": the log holds " + (c.log.baseOffset() + 1)
          + " to " + c.log.lastOffset() + ", stable through " + c.stableOffset());
    }
    ReplicaEffects.Builder out = new ReplicaEffects.Builder();
    ReplicaEffects.Image image = image(s, c.log.after(s.offset(), Integer.MAX_VALUE));
    c.log.compactThrough(s);
    c.installSnapshot(s);
    c.lostWrites.compacted(s.offset());
    out.writes.add(c.durable.issue(-1, List.of(), null, image, c.log.lastOffset()));
    return out.build();
  }

  /** This replica's durable state now, from {@code base} on, with {@code tail} after it. */
  ReplicaEffects.Image image(StoreSnapshot base, List<LogRecord> tail) {
    return c.lostWrites.image(base, c.epoch(), tail);
  }

  /** Recovery: the durable state is {@code image}, and the writes after it follow. */
  void restore(ReplicaEffects.Image image) {
    c.log.install(image.snapshot());
    image.tail().forEach(c.log::append);
    c.installSnapshot(image.snapshot());
    c.learnEpoch(image.epoch());
    c.lostWrites.restore(image);
  }
}
