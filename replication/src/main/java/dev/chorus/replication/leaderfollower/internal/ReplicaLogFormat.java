package dev.chorus.replication.leaderfollower.internal;

import dev.chorus.core.ByteParts;
import dev.chorus.core.host.LogFormat;
import dev.chorus.replication.leaderfollower.internal.ReplicaLogActor.Stored;
import dev.chorus.replication.leaderfollower.internal.ReplicaLogActor.StoredWrites;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.persistence.typed.SnapshotAdapter;

/**
 * One replica's durable writes (its log's appends and cuts, and its markers) in its {@link
 * dev.chorus.core.host.LogActor}: each a {@link Stored} holding {@link ReplicaCodec}'s bytes,
 * folded into the writes since the replica's last durable image (a compaction, or an installed
 * snapshot). On recovery the replica gets exactly those, which is what {@code ReplicaCore.recover}
 * takes. An image is followed by a Pekko snapshot, so the journal holds about one image's worth. A
 * single write larger than one journal write may be (a large snapshot's image: the journal refuses
 * a write over its {@code max-record-size}) goes in parts, each a journal write of its own.
 */
final class ReplicaLogFormat implements LogFormat<Stored, ReplicaLogFormat.Writes> {
  static final ReplicaLogFormat INSTANCE = new ReplicaLogFormat();

  private ReplicaLogFormat() {}

  /**
   * The writes since the last image (the image first), and the parts so far of a write that goes
   * in parts. Only this actor touches it.
   */
  static final class Writes {
    private final List<Stored> writes = new ArrayList<>();
    private final List<Stored> parts = new ArrayList<>();

    Writes add(Stored write) {
      if (write.parts() > 0) {
        return addPart(write);
      }
      if (write.image()) {
        writes.clear();
      }
      writes.add(write);
      return this;
    }

    /**
     * A part 0 starts afresh, dropping parts a crash left without their last; the last part adds
     * the whole write.
     */
    private Writes addPart(Stored p) {
      if (p.part() == 0) {
        parts.clear();
      } else if (parts.size() != p.part() || parts.get(0).parts() != p.parts()) {
        throw new IllegalStateException("write part " + p.part() + " of " + p.parts() + " follows " + parts.size()
            + " parts: the journal is out of order");
      }
      parts.add(p);
      if (parts.size() == p.parts()) {
        byte[] whole = ByteParts.join(parts.stream().map(Stored::write).toList());
        parts.clear();
        add(new Stored(whole, p.image()));
      }
      return this;
    }

    List<byte[]> bytes() {
      return writes.stream().map(Stored::write).toList();
    }

    /** Everything, for a Pekko snapshot: the writes, then any parts so far. */
    List<Stored> all() {
      List<Stored> all = new ArrayList<>(writes);
      all.addAll(parts);
      return all;
    }
  }

  /** {@code whole} as parts of at most {@code partBytes}, each a journal write of its own. */
  static List<Stored> split(Stored whole, int partBytes) {
    List<byte[]> bytes = ByteParts.split(whole.write(), partBytes);
    List<Stored> parts = new ArrayList<>(bytes.size());
    for (byte[] part : bytes) {
      parts.add(new Stored(part, whole.image(), parts.size(), bytes.size()));
    }
    return parts;
  }

  @Override
  public Writes empty() {
    return new Writes();
  }

  @Override
  public Writes apply(Writes state, Stored event) {
    return state.add(event);
  }

  @Override
  public boolean snapshotAfter(Stored event) {
    return event.image() && (event.parts() == 0 || event.part() == event.parts() - 1); // once an image is whole
  }

  @Override
  public long bytes(Stored event) {
    return event.write().length;
  }

  /** Whole writes as one journal write; one larger than {@code partBytes} (alone in its batch) in parts. */
  @Override
  public List<List<Stored>> journalWrites(List<Stored> events, int partBytes) {
    if (events.size() == 1 && events.get(0).write().length > partBytes) {
      return split(events.get(0), partBytes).stream().map(List::of).toList();
    }
    return List.of(events);
  }

  // The state is mutable; the snapshot store gets an immutable copy, made on the log actor.
  @Override
  public SnapshotAdapter<Writes> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(Writes state) {
        return new StoredWrites(state.all());
      }

      @Override
      public Writes fromJournal(Object from) {
        Writes state = new Writes();
        ((StoredWrites) from).writes().forEach(state::add);
        return state;
      }
    };
  }
}
