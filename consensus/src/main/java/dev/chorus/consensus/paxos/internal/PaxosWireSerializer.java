package dev.chorus.consensus.paxos.internal;

import dev.chorus.consensus.paxos.Ballot;
import dev.chorus.consensus.paxos.PaxosMessage;
import dev.chorus.consensus.paxos.Proposal;
import dev.chorus.core.BinaryWireSerializer;
import dev.chorus.core.spi.DataCodec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Optional;

/**
 * Paxos's messages between members ({@link PaxosActor.FromPeer}) in the project's one wire format
 * ({@link BinaryWireSerializer}), bound in consensus's {@code reference.conf}; the core's records
 * carry no serialization annotations, and this writes them as they are.
 *
 * <p>The format, version 1 (the manifest): the sender as modified UTF-8, a tag byte naming the
 * message (P prepare, M promise, A accept, D accepted, N nack, C chosen), then its fields in the order of {@link PaxosMessage}'s records. A ballot is its round
 * and its node id (modified UTF-8); a value is user text (an int length and UTF-8); an optional
 * proposal is a boolean and, when present, its ballot and value.
 */
public final class PaxosWireSerializer extends BinaryWireSerializer<PaxosActor.FromPeer> {
  /** This serializer's id among the actor system's; Pekko keeps 0-40 for its own. */
  public static final int IDENTIFIER = 741_002;

  static final String MANIFEST = "paxos-v1";

  /** As Pekko creates it (it takes a constructor without arguments too). */
  public PaxosWireSerializer() {
    super(IDENTIFIER, PaxosActor.FromPeer.class, "Paxos message", MANIFEST, PaxosActor.Undecodable.INSTANCE);
  }

  @Override
  protected void write(DataOutputStream out, PaxosActor.FromPeer f) throws IOException {
    DataCodec.writeUtf(out, f.from());
    PaxosMessage m = f.message();
    if (m instanceof PaxosMessage.Prepare p) {
      out.writeByte('P');
      ballot(out, p.ballot());
    } else if (m instanceof PaxosMessage.Promise p) {
      out.writeByte('M');
      ballot(out, p.ballot());
      out.writeBoolean(p.accepted().isPresent());
      if (p.accepted().isPresent()) {
        ballot(out, p.accepted().get().ballot());
        DataCodec.writeText(out, p.accepted().get().value());
      }
    } else if (m instanceof PaxosMessage.Accept a) {
      out.writeByte('A');
      ballot(out, a.ballot());
      DataCodec.writeText(out, a.value());
    } else if (m instanceof PaxosMessage.Accepted a) {
      out.writeByte('D');
      ballot(out, a.ballot());
      DataCodec.writeText(out, a.value());
    } else if (m instanceof PaxosMessage.Nack n) {
      out.writeByte('N');
      ballot(out, n.ballot());
      ballot(out, n.promised());
    } else {
      out.writeByte('C');
      DataCodec.writeText(out, ((PaxosMessage.Chosen) m).value());
    }
  }

  @Override
  protected PaxosActor.FromPeer read(DataInputStream in) throws IOException {
    return new PaxosActor.FromPeer(DataCodec.readUtf(in), message(in));
  }

  private static PaxosMessage message(DataInputStream in) throws IOException {
    byte tag = in.readByte();
    return switch (tag) {
      case 'P' -> new PaxosMessage.Prepare(ballot(in));
      case 'M' -> new PaxosMessage.Promise(ballot(in),
          in.readBoolean() ? Optional.of(new Proposal(ballot(in), DataCodec.readText(in))) : Optional.empty());
      case 'A' -> new PaxosMessage.Accept(ballot(in), DataCodec.readText(in));
      case 'D' -> new PaxosMessage.Accepted(ballot(in), DataCodec.readText(in));
      case 'N' -> new PaxosMessage.Nack(ballot(in), ballot(in));
      case 'C' -> new PaxosMessage.Chosen(DataCodec.readText(in));
      default -> throw new IOException("unknown Paxos message tag " + tag);
    };
  }

  private static void ballot(DataOutputStream out, Ballot b) throws IOException {
    out.writeLong(b.round());
    DataCodec.writeUtf(out, b.nodeId());
  }

  private static Ballot ballot(DataInputStream in) throws IOException {
    return new Ballot(in.readLong(), DataCodec.readUtf(in));
  }
}
