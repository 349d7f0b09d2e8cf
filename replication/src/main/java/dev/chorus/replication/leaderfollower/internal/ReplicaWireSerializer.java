package dev.chorus.replication.leaderfollower.internal;

import dev.chorus.core.BinaryWireSerializer;
import dev.chorus.core.spi.DataCodec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A replica's messages to another ({@link ReplicaNode.FromPeer}, {@link ReplicaNode.FromPeerPart})
 * in the project's one wire format ({@link BinaryWireSerializer}), bound in replication's {@code
 * reference.conf}. The core's message inside is already {@link ReplicaCodec}'s bytes (the same
 * conventions), written once and split into parts when it exceeds a frame; this is its envelope.
 *
 * <p>The format, version 1 (the manifest): a tag byte (W a whole message, P a part), the store
 * and the sender as modified UTF-8, for a part its message number, index and count, then the
 * bytes as an int length and the bytes. A message that cannot be read arrives as {@link
 * ReplicaNode.Undecodable}, logged once; one whose inner bytes cannot be read is dropped by the
 * replica, likewise logged once per tag.
 */
public final class ReplicaWireSerializer extends BinaryWireSerializer<ReplicaNode.Command> {
  /** This serializer's id among the actor system's; Pekko keeps 0-40 for its own. */
  public static final int IDENTIFIER = 741_003;

  static final String MANIFEST = "replica-v1";

  /** As Pekko creates it (it takes a constructor without arguments too). */
  public ReplicaWireSerializer() {
    super(IDENTIFIER, ReplicaNode.Command.class, "replication message", MANIFEST, ReplicaNode.Undecodable.INSTANCE);
  }

  @Override
  protected void write(DataOutputStream out, ReplicaNode.Command c) throws IOException {
    if (c instanceof ReplicaNode.FromPeer f) {
      out.writeByte('W');
      DataCodec.writeUtf(out, f.store());
      DataCodec.writeUtf(out, f.from());
      writeBytes(out, f.message());
    } else if (c instanceof ReplicaNode.FromPeerPart p) {
      out.writeByte('P');
      DataCodec.writeUtf(out, p.store());
      DataCodec.writeUtf(out, p.from());
      out.writeLong(p.message());
      out.writeInt(p.part());
      out.writeInt(p.parts());
      writeBytes(out, p.bytes());
    } else {
      throw new IllegalArgumentException("ReplicaWireSerializer writes FromPeer and FromPeerPart only, not " + c);
    }
  }

  @Override
  protected ReplicaNode.Command read(DataInputStream in) throws IOException {
    byte tag = in.readByte();
    return switch (tag) {
      case 'W' -> new ReplicaNode.FromPeer(DataCodec.readUtf(in), DataCodec.readUtf(in), readBytes(in));
      case 'P' -> new ReplicaNode.FromPeerPart(DataCodec.readUtf(in), DataCodec.readUtf(in), in.readLong(),
          in.readInt(), in.readInt(), readBytes(in));
      default -> throw new IOException("unknown replication message tag " + tag);
    };
  }

  @Override
  protected int sizeHint(ReplicaNode.Command c) {
    if (c instanceof ReplicaNode.FromPeer f) {
      return f.message().length;
    }
    return c instanceof ReplicaNode.FromPeerPart p ? p.bytes().length : 0;
  }
}
