package dev.chorus.replication.leaderfollower.internal;

import dev.chorus.core.BinaryWireSerializer;
import dev.chorus.core.Bytes;
import dev.chorus.core.UndecodableMessageException;
import dev.chorus.core.UndecodableMessages;
import dev.chorus.replication.leaderfollower.LogPosition;
import dev.chorus.replication.leaderfollower.protocol.EpochLog;
import dev.chorus.replication.leaderfollower.protocol.LogRecord;
import dev.chorus.replication.leaderfollower.protocol.ReplicaEffects;
import dev.chorus.replication.leaderfollower.protocol.ReplicaMessage.Ack;
import dev.chorus.replication.leaderfollower.protocol.ReplicaMessage.EpochAnswer;
import dev.chorus.replication.leaderfollower.protocol.ReplicaMessage.EpochQuery;
import dev.chorus.replication.leaderfollower.protocol.ReplicaMessage.Fence;
import dev.chorus.replication.leaderfollower.protocol.ReplicaMessage.Fenced;
import dev.chorus.replication.leaderfollower.protocol.ReplicaMessage.Fetch;
import dev.chorus.replication.leaderfollower.protocol.ReplicaMessage.Records;
import dev.chorus.replication.leaderfollower.protocol.ReplicaMessage.Replicate;
import dev.chorus.replication.leaderfollower.protocol.ReplicaMessage.StaleEpoch;
import dev.chorus.replication.leaderfollower.protocol.ReplicaMessage.TakeOver;
import dev.chorus.replication.leaderfollower.protocol.ReplicaMessage;
import dev.chorus.replication.leaderfollower.protocol.StoreSnapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The bytes of the core's messages (over Artery) and durable writes (in the journal). A record's
 * operation is the user codec's bytes ({@link Bytes}), or the epoch-start marker. A compact tagged
 * format rather than Jackson, because the core's records are plain values with an opaque
 * operation, and every write crosses this codec three times (journal, wire, follower's journal).
 */
final class ReplicaCodec {
  private ReplicaCodec() {}

  interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  static byte[] encode(ReplicaMessage m) {
    return bytes(out -> message(out, m));
  }

  /**
   * The message in {@code bytes}; one this node cannot read (cut, corrupt, an unknown tag, trailing
   * bytes) fails naming its {@link #typeOf type}.
   */
  static ReplicaMessage decodeMessage(byte[] bytes) throws UndecodableMessageException {
    return BinaryWireSerializer.decodeWhole(bytes, "replication message", typeOf(bytes), ReplicaCodec::message);
  }

  /**
   * The message in {@code bytes}, or empty when this node cannot read it: then it is reported to
   * {@code undecodable} (logged once per type) and dropped, as a lost message the core copes with.
   */
  static Optional<ReplicaMessage> decodeOrDrop(byte[] bytes, UndecodableMessages undecodable) {
    try {
      return Optional.of(decodeMessage(bytes));
    } catch (UndecodableMessageException e) {
      undecodable.report(e);
      return Optional.empty();
    }
  }

  /** A message's type for the log: its tag (after the epoch), or that it has none. */
  static String typeOf(byte[] bytes) {
    if (bytes.length <= Long.BYTES) {
      return "no tag";
    }
    int tag = bytes[Long.BYTES] & 0xff;
    return tag >= ' ' && tag < 0x7f ? "tag '" + (char) tag + "'" : "tag 0x" + Integer.toHexString(tag);
  }

  static byte[] encode(ReplicaEffects.Write w) {
    return bytes(out -> {
      out.writeLong(w.token());
      out.writeLong(w.keepThrough());
      records(out, w.records());
      marker(out, w.marker());
      out.writeBoolean(w.image() != null);
      if (w.image() != null) {
        image(out, w.image());
      }
    });
  }

  static ReplicaEffects.Write decodeWrite(byte[] bytes) {
    return parse(bytes, in -> new ReplicaEffects.Write(in.readLong(), in.readLong(), records(in), marker(in),
        in.readBoolean() ? image(in) : null));
  }

  private static byte[] bytes(Writer writer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writer.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static <T> T parse(byte[] bytes, Reader<T> reader) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      return reader.read(in);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a replication message or write: " + e, e);
    }
  }

  private static void message(DataOutputStream out, ReplicaMessage m) throws IOException {
    out.writeLong(m.epoch());
    if (m instanceof Replicate r) {
      out.writeByte('R');
      out.writeLong(r.prevOffset());
      records(out, r.records());
      out.writeLong(r.highWatermark());
      out.writeLong(r.seq());
      out.writeLong(r.stableOffset());
    } else if (m instanceof Ack a) {
      out.writeByte('A');
      out.writeLong(a.durableOffset());
    } else if (m instanceof EpochQuery q) {
      out.writeByte('Q');
      out.writeLong(q.lastEpoch());
    } else if (m instanceof EpochAnswer a) {
      out.writeByte('E');
      out.writeLong(a.end().epoch());
      out.writeLong(a.end().lastOffset());
    } else if (m instanceof Fenced f) {
      out.writeByte('D');
      out.writeLong(f.lastEpoch());
      out.writeLong(f.lastOffset());
    } else if (m instanceof Fetch f) {
      out.writeByte('G');
      out.writeLong(f.afterOffset());
    } else if (m instanceof Records r) {
      out.writeByte('L');
      out.writeLong(r.afterOffset());
      records(out, r.records());
    } else if (m instanceof ReplicaMessage.InstallSnapshot i) {
      out.writeByte('I');
      snapshot(out, i.snapshot());
    } else {
      out.writeByte(m instanceof StaleEpoch ? 'S' : m instanceof Fence ? 'F' : 'T');
    }
  }

  private static ReplicaMessage message(DataInputStream in) throws IOException {
    long epoch = in.readLong();
    byte tag = in.readByte();
    return switch (tag) {
      case 'R' -> new Replicate(epoch, in.readLong(), records(in), in.readLong(), in.readLong(), in.readLong());
      case 'I' -> new ReplicaMessage.InstallSnapshot(epoch, snapshot(in));
      case 'A' -> new Ack(epoch, in.readLong());
      case 'Q' -> new EpochQuery(epoch, in.readLong());
      case 'E' -> new EpochAnswer(epoch, new EpochLog.EpochEnd(in.readLong(), in.readLong()));
      case 'D' -> new Fenced(epoch, in.readLong(), in.readLong());
      case 'G' -> new Fetch(epoch, in.readLong());
      case 'L' -> new Records(epoch, in.readLong(), records(in));
      case 'S' -> new StaleEpoch(epoch);
      case 'F' -> new Fence(epoch);
      case 'T' -> new TakeOver(epoch);
      default -> throw new IOException("unknown message tag " + tag);
    };
  }

  private static void records(DataOutputStream out, List<LogRecord> records) throws IOException {
    out.writeInt(records.size());
    for (LogRecord r : records) {
      out.writeLong(r.epoch());
      out.writeLong(r.offset());
      out.writeBoolean(r.async());
      if (r.isEpochStart()) {
        out.writeInt(-1);
      } else {
        byte[] op = ((Bytes) r.operation()).toArray();
        out.writeInt(op.length);
        out.write(op);
      }
    }
  }

  private static List<LogRecord> records(DataInputStream in) throws IOException {
    int n = in.readInt();
    List<LogRecord> records = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long epoch = in.readLong();
      long offset = in.readLong();
      boolean async = in.readBoolean();
      int length = in.readInt();
      Object op = length < 0 ? LogRecord.EpochStart.INSTANCE : Bytes.of(in.readNBytes(length));
      records.add(new LogRecord(epoch, offset, op, async));
    }
    return records;
  }

  private static void snapshot(DataOutputStream out, StoreSnapshot s) throws IOException {
    out.writeLong(s.offset());
    out.writeLong(s.epoch());
    out.writeInt(s.epochStarts().size());
    for (Map.Entry<Long, Long> e : s.epochStarts().entrySet()) {
      out.writeLong(e.getKey());
      out.writeLong(e.getValue());
    }
    byte[] state = s.state();
    out.writeInt(state.length);
    out.write(state);
  }

  private static StoreSnapshot snapshot(DataInputStream in) throws IOException {
    long offset = in.readLong();
    long epoch = in.readLong();
    TreeMap<Long, Long> starts = new TreeMap<>();
    for (int n = in.readInt(); n > 0; n--) {
      starts.put(in.readLong(), in.readLong());
    }
    return new StoreSnapshot(offset, epoch, starts, in.readNBytes(in.readInt()));
  }

  private static void image(DataOutputStream out, ReplicaEffects.Image image) throws IOException {
    snapshot(out, image.snapshot());
    out.writeLong(image.epoch());
    out.writeInt(image.ledEpochs().size());
    for (long e : image.ledEpochs()) {
      out.writeLong(e);
    }
    out.writeInt(image.ackedBelowMajority().size());
    for (LogPosition p : image.ackedBelowMajority()) {
      out.writeLong(p.epoch());
      out.writeLong(p.offset());
    }
    records(out, image.tail());
    out.writeLong(image.lostAcknowledged());
  }

  private static ReplicaEffects.Image image(DataInputStream in) throws IOException {
    StoreSnapshot snapshot = snapshot(in);
    long epoch = in.readLong();
    Set<Long> led = new HashSet<>();
    for (int n = in.readInt(); n > 0; n--) {
      led.add(in.readLong());
    }
    Set<LogPosition> acked = new HashSet<>();
    for (int n = in.readInt(); n > 0; n--) {
      acked.add(new LogPosition(in.readLong(), in.readLong()));
    }
    List<LogRecord> tail = records(in);
    // An image is the last field of its write; one written before the count existed ends here.
    long lost = in.available() >= Long.BYTES ? in.readLong() : 0;
    return new ReplicaEffects.Image(snapshot, epoch, led, acked, tail, lost);
  }

  private static void marker(DataOutputStream out, ReplicaEffects.Marker marker) throws IOException {
    if (marker == null) {
      out.writeByte('-');
    } else if (marker instanceof ReplicaEffects.Marker.Led l) {
      out.writeByte('L');
      out.writeLong(l.epoch());
    } else if (marker instanceof ReplicaEffects.Marker.Fence f) {
      out.writeByte('F');
      out.writeLong(f.epoch());
    } else if (marker instanceof ReplicaEffects.Marker.Lost l) {
      out.writeByte('C');
      out.writeLong(l.count());
    } else {
      ReplicaEffects.Marker.AckedBelowMajority a = (ReplicaEffects.Marker.AckedBelowMajority) marker;
      out.writeByte('A');
      out.writeLong(a.epoch());
      out.writeLong(a.offset());
    }
  }

  private static ReplicaEffects.Marker marker(DataInputStream in) throws IOException {
    byte tag = in.readByte();
    return switch (tag) {
      case '-' -> null;
      case 'L' -> new ReplicaEffects.Marker.Led(in.readLong());
      case 'F' -> new ReplicaEffects.Marker.Fence(in.readLong());
      case 'A' -> new ReplicaEffects.Marker.AckedBelowMajority(in.readLong(), in.readLong());
      case 'C' -> new ReplicaEffects.Marker.Lost(in.readLong());
      default -> throw new IOException("unknown marker tag " + tag);
    };
  }
}
