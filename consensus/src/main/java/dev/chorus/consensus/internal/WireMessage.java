package dev.chorus.consensus.internal;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.chorus.consensus.raft.RaftMessage;
import dev.chorus.core.Bytes;
import java.util.List;

/**
 * The core's {@link RaftMessage}s as they cross nodes: the same fields, with entries and
 * configurations in their wire form, and travelling by type name, never class name. Each record
 * mirrors the core's record of the same name (Figure 2; thesis §3.10, §6.4, §9.6).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = WireMessage.VoteRequest.class, name = "vote"),
    @JsonSubTypes.Type(value = WireMessage.VoteResponse.class, name = "vote-response"),
    @JsonSubTypes.Type(value = WireMessage.Append.class, name = "append"),
    @JsonSubTypes.Type(value = WireMessage.AppendResponse.class, name = "append-response"),
    @JsonSubTypes.Type(value = WireMessage.ReadIndexRequest.class, name = "read-index"),
    @JsonSubTypes.Type(value = WireMessage.ReadIndexResponse.class, name = "read-index-response"),
    @JsonSubTypes.Type(value = WireMessage.InstallSnapshot.class, name = "install-snapshot"),
    @JsonSubTypes.Type(value = WireMessage.InstallSnapshotResponse.class, name = "install-snapshot-response"),
    @JsonSubTypes.Type(value = WireMessage.TimeoutNow.class, name = "timeout-now")})
sealed interface WireMessage {
  /** The core's message. */
  RaftMessage toRaft();

  record VoteRequest(long term, long lastLogIndex, long lastLogTerm, boolean preVote, boolean transfer)
      implements WireMessage {
    @Override
    public RaftMessage toRaft() {
      return new RaftMessage.VoteRequest(term, lastLogIndex, lastLogTerm, preVote, transfer);
    }
  }

  record VoteResponse(long term, boolean granted, boolean preVote) implements WireMessage {
    @Override
    public RaftMessage toRaft() {
      return new RaftMessage.VoteResponse(term, granted, preVote);
    }
  }

  record Append(long term, long prevIndex, long prevTerm, List<WireEntry> entries, long commit, long round)
      implements WireMessage {
    public Append {
      entries = List.copyOf(entries);
    }

    @Override
    public RaftMessage toRaft() {
      return new RaftMessage.Append(term, prevIndex, prevTerm, entries.stream().map(WireEntry::toEntry).toList(),
          commit, round);
    }
  }

  record AppendResponse(long term, boolean success, long matchIndex, long conflictTerm, long conflictIndex,
      long round) implements WireMessage {
    @Override
    public RaftMessage toRaft() {
      return new RaftMessage.AppendResponse(term, success, matchIndex, conflictTerm, conflictIndex, round);
    }
  }

  record ReadIndexRequest(long term, long readId) implements WireMessage {
    @Override
    public RaftMessage toRaft() {
      return new RaftMessage.ReadIndexRequest(term, readId);
    }
  }

  record ReadIndexResponse(long term, long readId, long index, boolean ok) implements WireMessage {
    @Override
    public RaftMessage toRaft() {
      return new RaftMessage.ReadIndexResponse(term, readId, index, ok);
    }
  }

  record InstallSnapshot(long term, long index, long snapshotTerm, WireMembership config, long offset,
      @JsonSerialize(using = BytesJson.Serializer.class) @JsonDeserialize(using = BytesJson.Deserializer.class)
      Bytes chunk,
      boolean done) implements WireMessage {
    @Override
    public RaftMessage toRaft() {
      return new RaftMessage.InstallSnapshot(term, index, snapshotTerm, config.toMembership(), offset, chunk, done);
    }
  }

  record InstallSnapshotResponse(long term, long index, long nextOffset, boolean installed) implements WireMessage {
    @Override
    public RaftMessage toRaft() {
      return new RaftMessage.InstallSnapshotResponse(term, index, nextOffset, installed);
    }
  }

  record TimeoutNow(long term) implements WireMessage {
    @Override
    public RaftMessage toRaft() {
      return new RaftMessage.TimeoutNow(term);
    }
  }

  /** The wire form of {@code m}. */
  static WireMessage of(RaftMessage m) {
    if (m instanceof RaftMessage.VoteRequest r) {
      return new VoteRequest(r.term(), r.lastLogIndex(), r.lastLogTerm(), r.preVote(), r.transfer());
    } else if (m instanceof RaftMessage.VoteResponse r) {
      return new VoteResponse(r.term(), r.granted(), r.preVote());
    } else if (m instanceof RaftMessage.Append a) {
      return new Append(a.term(), a.prevIndex(), a.prevTerm(), a.entries().stream().map(WireEntry::of).toList(),
          a.commit(), a.round());
    } else if (m instanceof RaftMessage.AppendResponse r) {
      return new AppendResponse(r.term(), r.success(), r.matchIndex(), r.conflictTerm(), r.conflictIndex(), r.round());
    } else if (m instanceof RaftMessage.ReadIndexRequest r) {
      return new ReadIndexRequest(r.term(), r.readId());
    } else if (m instanceof RaftMessage.ReadIndexResponse r) {
      return new ReadIndexResponse(r.term(), r.readId(), r.index(), r.ok());
    } else if (m instanceof RaftMessage.InstallSnapshot i) {
      return new InstallSnapshot(i.term(), i.index(), i.snapshotTerm(), WireMembership.of(i.config()), i.offset(),
          i.chunk(), i.done());
    } else if (m instanceof RaftMessage.InstallSnapshotResponse r) {
      return new InstallSnapshotResponse(r.term(), r.index(), r.nextOffset(), r.installed());
    } else if (m instanceof RaftMessage.TimeoutNow t) {
      return new TimeoutNow(t.term());
    }
    throw new IllegalArgumentException("no wire form for " + m);
  }
}
