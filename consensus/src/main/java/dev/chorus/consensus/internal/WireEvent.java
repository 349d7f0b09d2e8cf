package dev.chorus.consensus.internal;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.chorus.consensus.raft.RaftEvent;
import dev.chorus.core.ChorusSerializable;
import java.util.List;

/**
 * The core's durable {@link RaftEvent}s as the {@link RaftLogActor} journals them, by type name.
 * Each record mirrors the core's record of the same name.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = WireEvent.TermVoted.class, name = "term-voted"),
    @JsonSubTypes.Type(value = WireEvent.Appended.class, name = "appended"),
    @JsonSubTypes.Type(value = WireEvent.Compacted.class, name = "compacted")})
sealed interface WireEvent extends ChorusSerializable {
  /** The term and the vote in it changed (Figure 2: currentTerm, votedFor). */
  record TermVoted(long term, String votedFor) implements WireEvent {}

  /** Entries were appended, after cutting the log back to just before the first (§5.3). */
  record Appended(List<WireEntry> entries) implements WireEvent {
    public Appended {
      entries = List.copyOf(entries);
    }
  }

  /** Storage now holds exactly {@code snapshot} and then {@code tail} (§7). */
  record Compacted(WireSnapshot snapshot, List<WireEntry> tail) implements WireEvent {
    public Compacted {
      tail = List.copyOf(tail);
    }
  }

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
