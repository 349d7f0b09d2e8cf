package dev.chorus.consensus.internal;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.chorus.consensus.raft.RaftEvent;
import dev.chorus.core.Bytes;
import dev.chorus.core.ChorusSerializable;
import java.util.List;

/**
 * The core's durable {@link RaftEvent}s as the Raft log actor journals them ({@link RaftLogFormat}), by type name.
 * Each record mirrors the core's record of the same name.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = WireEvent.TermVoted.class, name = "term-voted"),
    @JsonSubTypes.Type(value = WireEvent.Appended.class, name = "appended"),
    @JsonSubTypes.Type(value = WireEvent.Compacted.class, name = "compacted"),
    @JsonSubTypes.Type(value = WireEvent.SnapshotPart.class, name = "snapshot-part")})
sealed interface WireEvent extends ChorusSerializable {
  /** The term and the vote in it changed (Figure 2: currentTerm, votedFor). */
  record TermVoted(long term, String votedFor) implements WireEvent {}

  /** Entries were appended, after cutting the log back to just before the first (§5.3). */
  record Appended(List<WireEntry> entries) implements WireEvent {
    public Appended {
      entries = List.copyOf(entries);
    }
  }

  /**
   * Storage now holds exactly {@code snapshot} and then {@code tail} (§7).
   *
   * @param parts 0 when the snapshot's data is here; otherwise the data here is empty, and is the
   *     {@link SnapshotPart}s 0 to {@code parts - 1} of this snapshot's index, journaled just before
   */
  record Compacted(WireSnapshot snapshot, List<WireEntry> tail, int parts) implements WireEvent {
    public Compacted {
      tail = List.copyOf(tail);
    }

    /** With the snapshot's data in it. */
    Compacted(WireSnapshot snapshot, List<WireEntry> tail) {
      this(snapshot, tail, 0);
    }
  }

  /**
   * Part {@code part} of the data of the snapshot at {@code index}, in a journal write of its own
   * ahead of the {@link Compacted} that names it: a snapshot larger than one journal write may be
   * (the journal's {@code max-record-size}) goes in parts. Only that Compacted makes them count;
   * parts with none after them (a crash came between) are dropped by the next compaction.
   */
  record SnapshotPart(long index, int part,
      @JsonSerialize(using = BytesJson.Serializer.class) @JsonDeserialize(using = BytesJson.Deserializer.class)
      Bytes data) implements WireEvent {}

  /** The wire form of {@code e}. */
  static WireEvent of(RaftEvent e) {
    if (e instanceof RaftEvent.TermVoted t) {
      return new TermVoted(t.term(), t.votedFor());
    } else if (e instanceof RaftEvent.Appended a) {
      return new Appended(a.entries().stream().map(WireEntry::of).toList());
    } else if (e instanceof RaftEvent.Compacted c) {
      return new Compacted(WireSnapshot.of(c.snapshot()), c.tail().stream().map(WireEntry::of).toList());
    }
    throw new IllegalArgumentException("no wire form for " + e);
  }
}
