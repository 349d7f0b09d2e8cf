package dev.chorus.consensus.internal;

import dev.chorus.core.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Representative Raft messages between members ({@link RaftNode.FromPeer}), for the wire-format
 * benchmark. It lives in the benchmarks module under consensus's internal package because the
 * wire records are package-private there, and stay so: only the serializer and the host touch them.
 */
public final class RaftWireSamples {
  /** The group and sender every sample carries; node ids are host:port by default. */
  private static final String GROUP = "kv";
  private static final String FROM = "127.0.0.1:2551";

  private RaftWireSamples() {}

  /**
   * The sample named {@code name}: {@code vote}, {@code append-response}, or {@code append-N}
   * (an AppendEntries carrying N commands of {@code commandBytes} each).
   */
  public static Object sample(String name, int commandBytes) {
    if (name.equals("vote")) {
      return peer(new WireMessage.VoteRequest(8, 10_442, 7, false, false));
    }
    if (name.equals("append-response")) {
      return peer(new WireMessage.AppendResponse(7, true, 10_442, 0, 0, 3_118));
    }
    if (name.startsWith("append-")) {
      return peer(append(Integer.parseInt(name.substring("append-".length())), commandBytes));
    }
    throw new IllegalArgumentException("no sample named " + name);
  }

  private static WireMessage.Append append(int entries, int commandBytes) {
    // Random bytes, seeded: a user codec's output compresses little, and no format gets to exploit
    // repeated bytes that real commands would not have.
    Random random = new Random(42);
    List<WireEntry> list = new ArrayList<>(entries);
    for (int i = 0; i < entries; i++) {
      byte[] command = new byte[commandBytes];
      random.nextBytes(command);
      list.add(new WireEntry(10_443 + i, 7, WireEntry.Kind.COMMAND, Bytes.of(command), null));
    }
    return new WireMessage.Append(7, 10_442, 7, list, 10_440, 3_118);
  }

  private static RaftNode.FromPeer peer(WireMessage m) {
    return new RaftNode.FromPeer(GROUP, FROM, m);
  }
}
