package dev.chorus.replication.leaderfollower.protocol;

import java.util.ArrayDeque;
import java.util.List;

/**
 * A replica's writes in flight: which are durable, how far its log is durable, and the messages
 * that must wait for them (an acknowledgement is only sent for what is durable).
 */
final class Durable {
  private record Mark(long token, long lastOffset) {}

  private record Held(long token, ReplicaEffects.Send send) {}

  private final ArrayDeque<Mark> marks = new ArrayDeque<>();
  private final ArrayDeque<Held> held = new ArrayDeque<>();
  private long issued;
  private long durable;
  private long durableOffset;

  void recovered(long lastOffset) {
    durableOffset = lastOffset;
  }

  long durableOffset() {
    return durableOffset;
  }

  /** Issues a write after which the log ends at {@code lastOffset}; a cut lowers what is durable now. */
  ReplicaEffects.Write issue(long keepThrough, List<LogRecord> records, ReplicaEffects.Marker marker,
      long lastOffset) {
    return issue(keepThrough, records, marker, null, lastOffset);
  }

  /** As above, replacing the durable state by {@code image} first. */
  ReplicaEffects.Write issue(long keepThrough, List<LogRecord> records, ReplicaEffects.Marker marker,
      ReplicaEffects.Image image, long lastOffset) {
    if (keepThrough >= 0) {
      durableOffset = Math.min(durableOffset, keepThrough);
      ArrayDeque<Mark> clamped = new ArrayDeque<>();
      marks.forEach(m -> clamped.add(new Mark(m.token(), Math.min(m.lastOffset(), keepThrough))));
      marks.clear();
      marks.addAll(clamped);
    }
    marks.add(new Mark(++issued, lastOffset));
    return new ReplicaEffects.Write(issued, keepThrough, records, marker, image);
  }

  /** The write {@code token} and every earlier one completed; returns the messages now free. */
  void completed(long token, ReplicaEffects.Builder out) {
    durable = Math.max(durable, token);
    while (!marks.isEmpty() && marks.peekFirst().token() <= durable) {
      durableOffset = marks.pollFirst().lastOffset();
    }
    while (!held.isEmpty() && held.peekFirst().token() <= durable) {
      out.sends.add(held.pollFirst().send());
    }
  }

  /** Sends once every write issued so far is durable. */
  void sendAfterWrites(ReplicaEffects.Send send, ReplicaEffects.Builder out) {
    if (issued > durable) {
      held.add(new Held(issued, send));
    } else {
      out.sends.add(send);
    }
  }
}
