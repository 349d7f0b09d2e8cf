package dev.chorus.core;

import dev.chorus.core.spi.DataCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.slf4j.LoggerFactory;

/**
 * The project's one wire format between nodes (docs/architecture.md, "Encodings"), chosen by
 * measurement over Jackson CBOR (docs/benchmarks.md, "One wire format"): a protocol's messages
 * written field by field, with no names, under a manifest that names the format's version.
 *
 * <p>The conventions every subclass keeps: a tag byte naming the message, then its fields in a
 * fixed order; longs and ints big-endian ({@link DataOutputStream}); identifiers as modified UTF-8
 * ({@code DataCodec.writeUtf}), user text as an int length and UTF-8 ({@code DataCodec.writeText});
 * byte strings and collections as an int count ({@link #count}, checked against the bytes left)
 * and then the items. A format change takes a new manifest, so that a node reading an unknown one
 * refuses it instead of misreading it.
 *
 * <p>A message this node cannot read (an unknown manifest, cut or corrupt bytes, bytes left over)
 * is logged once per manifest ({@link UndecodableMessages}) and delivered as the subclass's
 * {@code undecodable} marker, which its actor drops. Not thrown: Artery would drop it as well, but
 * log every one at ERROR with its stack trace, and a peer on another version sends several a
 * second. {@link #decode} is the strict form, which throws.
 *
 * @param <T> the messages this serializer writes (bound to it in {@code reference.conf})
 */
public abstract class BinaryWireSerializer<T> extends SerializerWithStringManifest {
  private final int identifier;
  private final Class<T> type;
  private final String what;
  private final String manifest;
  private final Object undecodableMarker;
  // One per actor system (Pekko makes one instance of each serializer), so once per node.
  private final UndecodableMessages undecodable;

  /**
   * @param identifier this serializer's id among the actor system's (Pekko keeps 0-40 for its own)
   * @param type the messages written
   * @param what what they are, for errors and the log (e.g. "Raft message")
   * @param manifest the format's version, e.g. "raft-v1"
   * @param undecodableMarker delivered in place of a message that cannot be read
   */
  protected BinaryWireSerializer(int identifier, Class<T> type, String what, String manifest,
      Object undecodableMarker) {
    this.identifier = identifier;
    this.type = Objects.requireNonNull(type, "type");
    this.what = Objects.requireNonNull(what, "what");
    this.manifest = Objects.requireNonNull(manifest, "manifest");
    this.undecodableMarker = Objects.requireNonNull(undecodableMarker, "undecodableMarker");
    this.undecodable = new UndecodableMessages(LoggerFactory.getLogger(getClass()), "this node");
  }

  /** Writes {@code message}'s fields, its tag first. */
  protected abstract void write(DataOutputStream out, T message) throws IOException;

  /** Reads one message as {@link #write} wrote it; any failure is an undecodable message. */
  protected abstract T read(DataInputStream in) throws IOException;

  /** Bytes {@code message} takes beyond a small header, so the buffer is sized once. */
  protected int sizeHint(T message) {
    return 0;
  }

  @Override
  public final int identifier() {
    return identifier;
  }

  @Override
  public final String manifest(Object o) {
    return manifest;
  }

  @Override
  public final byte[] toBinary(Object o) {
    if (!type.isInstance(o)) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " writes " + type.getName() + " only, not "
          + o.getClass().getName());
    }
    T message = type.cast(o);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + sizeHint(message));
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      write(out, message);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The message, or the undecodable marker when it cannot be read (see the class comment). */
  @Override
  public final Object fromBinary(byte[] bytes, String manifest) {
    try {
      return decode(bytes, manifest);
    } catch (UndecodableMessageException e) {
      undecodable.report(e);
      return undecodableMarker;
    }
  }

  /** The message in {@code bytes}; one this node cannot read fails, naming its manifest. */
  public final T decode(byte[] bytes, String manifest) throws UndecodableMessageException {
    String type = String.valueOf(manifest);
    if (!this.manifest.equals(manifest)) {
      throw new UndecodableMessageException(what, type, "unknown format; this node reads " + this.manifest
          + " (are the nodes on different Chorus versions?)", null);
    }
    return decodeWhole(bytes, what, type, this::read);
  }

  /**
   * What {@code reader} reads from {@code bytes}, which it must use up; any failure is an
   * undecodable {@code what} of {@code type}. For messages in this format that travel inside
   * another (a replica's core message inside its envelope).
   */
  public static <M> M decodeWhole(byte[] bytes, String what, String type, DataCodec.Reader<M> reader)
      throws UndecodableMessageException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      M message = reader.read(in);
      if (in.available() > 0) {
        throw new IOException(in.available() + " trailing bytes");
      }
      return message;
    } catch (IOException | RuntimeException e) {
      throw new UndecodableMessageException(what, type, e.toString(), e);
    }
  }

  /** What this serializer dropped. */
  public final UndecodableMessages undecodable() {
    return undecodable;
  }

  /**
   * A count read off the wire, checked against what is left (each item takes at least a byte), so
   * that a corrupt one cannot make the reader allocate gigabytes.
   */
  protected static int count(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available()) {
      throw new IOException("a count of " + n + " with " + in.available() + " bytes left");
    }
    return n;
  }

  /** Writes {@code b} as an int length and the bytes. */
  protected static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  /** Reads what {@link #writeBytes} wrote. */
  protected static byte[] readBytes(DataInputStream in) throws IOException {
    byte[] data = new byte[count(in)];
    in.readFully(data);
    return data;
  }
}
