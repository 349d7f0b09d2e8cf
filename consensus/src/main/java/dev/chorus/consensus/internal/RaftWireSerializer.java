package dev.chorus.consensus.internal;

import dev.chorus.core.BinaryWireSerializer;
import dev.chorus.core.Bytes;
import dev.chorus.core.spi.DataCodec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Raft messages between members ({@link RaftNode.FromPeer}) in the project's one wire format
 * ({@link BinaryWireSerializer}), bound in consensus's {@code reference.conf}.
 *
 * <p>Why: heartbeats, appends and their answers are most of the traffic between nodes, and each
 * ReadIndex round is two of them each way (docs/benchmarks.md, "Third round" and "One wire
 * format": 1.55-2.8 times Jackson CBOR's round trips, and about half its size on small messages).
 *
 * <p>The format, version 1 (the manifest): the group and the sender as modified UTF-8, a tag
 * byte naming the message, then its fields in the order of {@link WireMessage}'s records; byte
 * strings as an int length and the bytes, a configuration as its voters and then its learners,
 * each an int count and the ids. A message this node cannot read arrives as {@link
 * RaftNode.Undecodable}, logged once.
 */
public final class RaftWireSerializer extends BinaryWireSerializer<RaftNode.FromPeer> {
  /** This serializer's id among the actor system's; Pekko keeps 0-40 for its own. */
  public static final int IDENTIFIER = 741_001;

  static final String MANIFEST = "raft-v1";

  private static final byte VOTE = 1;
  private static final byte VOTE_RESPONSE = 2;
  private static final byte APPEND = 3;
  private static final byte APPEND_RESPONSE = 4;
  private static final byte READ_INDEX = 5;
  private static final byte READ_INDEX_RESPONSE = 6;
  private static final byte INSTALL_SNAPSHOT = 7;
  private static final byte INSTALL_SNAPSHOT_RESPONSE = 8;
  private static final byte TIMEOUT_NOW = 9;

  private static final WireEntry.Kind[] KINDS = WireEntry.Kind.values();

  /** As Pekko creates it (it takes a constructor without arguments too). */
  public RaftWireSerializer() {
    super(IDENTIFIER, RaftNode.FromPeer.class, "Raft message", MANIFEST, RaftNode.Undecodable.INSTANCE);
  }

  @Override
  protected void write(DataOutputStream out, RaftNode.FromPeer f) throws IOException {
    DataCodec.writeUtf(out, f.group());
    DataCodec.writeUtf(out, f.from());
    write(out, f.message());
  }

  @Override
  protected RaftNode.FromPeer read(DataInputStream in) throws IOException {
    return new RaftNode.FromPeer(DataCodec.readUtf(in), DataCodec.readUtf(in), message(in));
  }

  @Override
  protected int sizeHint(RaftNode.FromPeer f) {
    return payloadSize(f.message());
  }

  private static void write(DataOutputStream out, WireMessage m) throws IOException {
    if (m instanceof WireMessage.VoteRequest v) {
      out.writeByte(VOTE);
      longs(out, v.term(), v.lastLogIndex(), v.lastLogTerm());
      out.writeBoolean(v.preVote());
      out.writeBoolean(v.transfer());
    } else if (m instanceof WireMessage.VoteResponse v) {
      out.writeByte(VOTE_RESPONSE);
      out.writeLong(v.term());
      out.writeBoolean(v.granted());
      out.writeBoolean(v.preVote());
    } else if (m instanceof WireMessage.Append a) {
      out.writeByte(APPEND);
      longs(out, a.term(), a.prevIndex(), a.prevTerm(), a.commit(), a.round());
      out.writeInt(a.entries().size());
      for (WireEntry e : a.entries()) {
        entry(out, e);
      }
    } else if (m instanceof WireMessage.AppendResponse r) {
      out.writeByte(APPEND_RESPONSE);
      out.writeLong(r.term());
      out.writeBoolean(r.success());
      longs(out, r.matchIndex(), r.conflictTerm(), r.conflictIndex(), r.round());
    } else if (m instanceof WireMessage.ReadIndexRequest r) {
      out.writeByte(READ_INDEX);
      longs(out, r.term(), r.readId());
    } else if (m instanceof WireMessage.ReadIndexResponse r) {
      out.writeByte(READ_INDEX_RESPONSE);
      longs(out, r.term(), r.readId(), r.index());
      out.writeBoolean(r.ok());
    } else if (m instanceof WireMessage.InstallSnapshot s) {
      out.writeByte(INSTALL_SNAPSHOT);
      longs(out, s.term(), s.index(), s.snapshotTerm());
      membership(out, s.config());
      out.writeLong(s.offset());
      bytes(out, s.chunk());
      out.writeBoolean(s.done());
    } else if (m instanceof WireMessage.InstallSnapshotResponse r) {
      out.writeByte(INSTALL_SNAPSHOT_RESPONSE);
      longs(out, r.term(), r.index(), r.nextOffset());
      out.writeBoolean(r.installed());
    } else {
      out.writeByte(TIMEOUT_NOW);
      out.writeLong(((WireMessage.TimeoutNow) m).term());
    }
  }

  private static WireMessage message(DataInputStream in) throws IOException {
    byte tag = in.readByte();
    return switch (tag) {
      case VOTE -> new WireMessage.VoteRequest(in.readLong(), in.readLong(), in.readLong(), in.readBoolean(),
          in.readBoolean());
      case VOTE_RESPONSE -> new WireMessage.VoteResponse(in.readLong(), in.readBoolean(), in.readBoolean());
      case APPEND -> append(in);
      case APPEND_RESPONSE -> new WireMessage.AppendResponse(in.readLong(), in.readBoolean(), in.readLong(),
          in.readLong(), in.readLong(), in.readLong());
      case READ_INDEX -> new WireMessage.ReadIndexRequest(in.readLong(), in.readLong());
      case READ_INDEX_RESPONSE -> new WireMessage.ReadIndexResponse(in.readLong(), in.readLong(), in.readLong(),
          in.readBoolean());
      case INSTALL_SNAPSHOT -> new WireMessage.InstallSnapshot(in.readLong(), in.readLong(), in.readLong(),
          membership(in), in.readLong(), bytes(in), in.readBoolean());
      case INSTALL_SNAPSHOT_RESPONSE -> new WireMessage.InstallSnapshotResponse(in.readLong(), in.readLong(),
          in.readLong(), in.readBoolean());
      case TIMEOUT_NOW -> new WireMessage.TimeoutNow(in.readLong());
      default -> throw new IOException("unknown Raft message tag " + tag);
    };
  }

  private static WireMessage.Append append(DataInputStream in) throws IOException {
    long term = in.readLong();
    long prevIndex = in.readLong();
    long prevTerm = in.readLong();
    long commit = in.readLong();
    long round = in.readLong();
    int n = count(in);
    List<WireEntry> entries = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      entries.add(entry(in));
    }
    return new WireMessage.Append(term, prevIndex, prevTerm, entries, commit, round);
  }

  private static void entry(DataOutputStream out, WireEntry e) throws IOException {
    longs(out, e.index(), e.term());
    out.writeByte(e.kind().ordinal());
    switch (e.kind()) {
      case COMMAND -> bytes(out, e.command());
      case CONFIG -> membership(out, e.config());
      case NOOP -> { }
    }
  }

  private static WireEntry entry(DataInputStream in) throws IOException {
    long index = in.readLong();
    long term = in.readLong();
    int kind = in.readUnsignedByte();
    if (kind >= KINDS.length) {
      throw new IOException("unknown entry kind " + kind);
    }
    return switch (KINDS[kind]) {
      case COMMAND -> new WireEntry(index, term, WireEntry.Kind.COMMAND, bytes(in), null);
      case CONFIG -> new WireEntry(index, term, WireEntry.Kind.CONFIG, Bytes.empty(), membership(in));
      case NOOP -> new WireEntry(index, term, WireEntry.Kind.NOOP, Bytes.empty(), null);
    };
  }

  private static void membership(DataOutputStream out, WireMembership m) throws IOException {
    ids(out, m.voters());
    ids(out, m.learners());
  }

  private static WireMembership membership(DataInputStream in) throws IOException {
    return new WireMembership(ids(in), ids(in));
  }

  private static void ids(DataOutputStream out, Set<String> ids) throws IOException {
    out.writeInt(ids.size());
    for (String id : new TreeSet<>(ids)) {
      DataCodec.writeUtf(out, id);
    }
  }

  private static Set<String> ids(DataInputStream in) throws IOException {
    int n = count(in);
    Set<String> ids = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      ids.add(DataCodec.readUtf(in));
    }
    return ids;
  }

  private static void bytes(DataOutputStream out, Bytes b) throws IOException {
    writeBytes(out, b.toArray());
  }

  private static Bytes bytes(DataInputStream in) throws IOException {
    return Bytes.of(readBytes(in));
  }

  private static void longs(DataOutputStream out, long... values) throws IOException {
    for (long v : values) {
      out.writeLong(v);
    }
  }

  private static int payloadSize(WireMessage m) {
    if (m instanceof WireMessage.Append a) {
      int size = 0;
      for (WireEntry e : a.entries()) {
        size += 32 + e.command().size();
      }
      return size;
    }
    return m instanceof WireMessage.InstallSnapshot s ? s.chunk().size() : 0;
  }
}
