package dev.chorus.replication.leaderfollower.internal;

import dev.chorus.core.ByteParts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A replica's message too large for one Artery frame ({@code
 * pekko.remote.artery.advanced.maximum-frame-size}, 256 KiB by default), sent as parts that the
 * peer puts back together. The transport drops an oversized message for good, and an
 * InstallSnapshot of any real state machine is one: without parts, a replica that needs the
 * leader's snapshot never catches up. Artery delivers one sender's messages to one receiver in
 * order, so a receiver assembles one message per sender at a time; a part that does not follow
 * the last (one was lost as the association restarted) drops that message, and the core, which
 * copes with lost messages, asks again. Not thread-safe: the replica's actor owns it.
 */
final class MessageParts {
  /** The most message bytes in one part: half the default frame, room for the envelope. */
  static final int PART_BYTES = 128 * 1024;

  private record Assembly(long message, int parts, List<byte[]> received) {}

  private final Map<String, Assembly> assembling = new HashMap<>();
  private long nextMessage;

  /** {@code bytes} from {@code from} of {@code store} as parts of at most {@code partBytes}. */
  List<ReplicaNode.FromPeerPart> split(String store, String from, byte[] bytes, int partBytes) {
    long message = ++nextMessage;
    List<byte[]> parts = ByteParts.split(bytes, partBytes);
    List<ReplicaNode.FromPeerPart> out = new ArrayList<>(parts.size());
    for (byte[] part : parts) {
      out.add(new ReplicaNode.FromPeerPart(store, from, message, out.size(), parts.size(), part));
    }
    return out;
  }

  /**
   * Takes part {@code p}: the whole message once this was its last part, else null. A part 0
   * starts a message afresh, dropping one left unfinished; a part that does not follow is dropped
   * with its message.
   */
  byte[] add(ReplicaNode.FromPeerPart p) {
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
