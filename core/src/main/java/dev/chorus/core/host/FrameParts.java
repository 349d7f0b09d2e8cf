package dev.chorus.core.host;

import dev.chorus.core.ByteParts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A message too large for one Artery frame ({@code
 * pekko.remote.artery.advanced.maximum-frame-size}, 256 KiB by default), sent as parts that the
 * peer puts back together. The transport drops an oversized message for good, and a snapshot of
 * any real state machine is one: without parts, a member that needs the leader's snapshot never
 * catches up. Artery delivers one sender's messages to one receiver in order, so a receiver
 * assembles one message per sender at a time; a part that does not follow the last (one was lost
 * as the association restarted) drops that message, and the protocol, which copes with lost
 * messages, asks again. Not thread-safe: the host's actor owns it.
 *
 * @param <P> the host's message that carries a part
 */
public final class FrameParts<P extends FrameParts.Part> {
  /** The most message bytes in one part: half the default frame, room for the envelope. */
  public static final int PART_BYTES = 128 * 1024;

  /** What a part message carries. */
  public interface Part {
    /** The sender's node id. */
    String from();

    /** The sender's number for the whole message, rising. */
    long message();

    /** This part's place, from 0. */
    int part();

    /** How many parts the message has. */
    int parts();

    /** This part's bytes. */
    byte[] bytes();
  }

  /** Makes the message that carries one part. */
  @FunctionalInterface
  public interface PartMaker<P> {
    /** Part {@code part} of {@code parts} of the sender's {@code message}-th message. */
    P make(long message, int part, int parts, byte[] bytes);
  }

  private record Assembly(long message, int parts, List<byte[]> received) {}

  private final Map<String, Assembly> assembling = new HashMap<>();
  private long nextMessage;

  /** {@code bytes} as parts of at most {@code partBytes}, each made by {@code maker}. */
  public List<P> split(byte[] bytes, int partBytes, PartMaker<P> maker) {
    long message = ++nextMessage;
    List<byte[]> parts = ByteParts.split(bytes, partBytes);
    List<P> out = new ArrayList<>(parts.size());
    for (byte[] part : parts) {
      out.add(maker.make(message, out.size(), parts.size(), part));
    }
    return out;
  }

  /**
   * Takes part {@code p}: the whole message once this was its last part, else null. A part 0
   * starts a message afresh, dropping one left unfinished; a part that does not follow is dropped
   * with its message.
   */
  public byte[] add(P p) {
    Assembly a = p.part() == 0 ? new Assembly(p.message(), p.parts(), new ArrayList<>())
        : assembling.get(p.from());
    if (a == null || a.message() != p.message() || a.parts() != p.parts() || a.received().size() != p.part()) {
      assembling.remove(p.from());
      return null;
    }
    a.received().add(p.bytes());
    if (a.received().size() < a.parts()) {
      assembling.put(p.from(), a);
      return null;
    }
    assembling.remove(p.from());
    return ByteParts.join(a.received());
  }
}
