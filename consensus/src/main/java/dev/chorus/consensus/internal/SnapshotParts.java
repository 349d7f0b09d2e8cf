package dev.chorus.consensus.internal;

import dev.chorus.core.ByteParts;
import dev.chorus.core.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * A snapshot larger than one journal write may be, journaled in parts: how the {@link
 * dev.chorus.core.host.LogActor} splits a write that carries one into several journal writes, and how the folded
 * {@link LogState} puts it back together. The paper leaves snapshot storage to the implementation
 * (§7); etcd likewise keeps snapshots out of its write-ahead log records. Pure functions.
 */
final class SnapshotParts {
  /** The most snapshot bytes in one part: as much as one batch of the pipeline carries. */
  static final int PART_BYTES = dev.chorus.core.host.WritePipeline.MAX_BATCH_BYTES;

  private SnapshotParts() {}

  /**
   * The journal writes that carry {@code events}, in order: just one, unless a {@link
   * WireEvent.Compacted} among them holds more than {@code partBytes} of snapshot data; then first
   * its parts, a write each, and last the events with that Compacted naming its parts instead of
   * holding the data. The pipeline gives an event that large a write of its own, so there is at
   * most one.
   *
   * @throws IllegalArgumentException if two such snapshots come in one write
   */
  static List<List<WireEvent>> writes(List<WireEvent> events, int partBytes) {
    List<List<WireEvent>> writes = new ArrayList<>();
    List<WireEvent> last = new ArrayList<>(events.size());
    for (WireEvent e : events) {
      if (e instanceof WireEvent.Compacted c && c.parts() == 0 && c.snapshot().data().size() > partBytes) {
        if (!writes.isEmpty()) {
          throw new IllegalArgumentException("two snapshots over " + partBytes + " bytes in one write");
        }
        writes.addAll(split(c.snapshot(), partBytes));
        WireSnapshot s = c.snapshot();
        last.add(new WireEvent.Compacted(new WireSnapshot(s.index(), s.term(), s.config(), Bytes.empty()), c.tail(),
            writes.size()));
      } else {
        last.add(e);
      }
    }
    writes.add(last);
    return writes;
  }

  private static List<List<WireEvent>> split(WireSnapshot s, int partBytes) {
    List<List<WireEvent>> parts = new ArrayList<>();
    for (byte[] part : ByteParts.split(s.data().toArray(), partBytes)) {
      parts.add(List.of(new WireEvent.SnapshotPart(s.index(), parts.size(), Bytes.of(part))));
    }
    return parts;
  }

  /**
   * The parts journaled so far, then {@code p}. A part 0 starts a snapshot's parts afresh, dropping
   * any that no compaction took (a crash came between them and their Compacted).
   *
   * @throws IllegalStateException if {@code p} does not follow the last part: the journal is out of order
   */
  static List<WireEvent.SnapshotPart> add(List<WireEvent.SnapshotPart> parts, WireEvent.SnapshotPart p) {
    if (p.part() == 0) {
      return List.of(p);
    }
    WireEvent.SnapshotPart previous = parts.isEmpty() ? null : parts.get(parts.size() - 1);
    if (previous == null || previous.index() != p.index() || previous.part() != p.part() - 1) {
      throw new IllegalStateException("snapshot part " + p.part() + " of index " + p.index() + " follows "
          + (previous == null ? "no part" : "part " + previous.part() + " of index " + previous.index())
          + ": the journal is out of order");
    }
    List<WireEvent.SnapshotPart> more = new ArrayList<>(parts);
    more.add(p);
    return more;
  }

  /**
   * The snapshot {@code c} installs: its own, or the one its parts make up.
   *
   * @throws IllegalStateException if {@code c} names parts the journal does not hold
   */
  static WireSnapshot assemble(WireEvent.Compacted c, List<WireEvent.SnapshotPart> parts) {
    WireSnapshot s = c.snapshot();
    if (c.parts() == 0) {
      return s;
    }
    if (parts.size() != c.parts() || parts.get(0).index() != s.index()) {
      throw new IllegalStateException("the compaction through index " + s.index() + " names " + c.parts()
          + " snapshot parts, but the journal holds " + parts.size()
          + (parts.isEmpty() ? "" : " of index " + parts.get(0).index()));
    }
    byte[] data = ByteParts.join(parts.stream().map(p -> p.data().toArray()).toList());
    return new WireSnapshot(s.index(), s.term(), s.config(), Bytes.of(data));
  }
}
