package dev.chorus.consensus.raft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tracks a node's writes in flight: which are durable, how far its log is durable, and the
 * messages that must wait for them. Writes complete in the order they were issued, so one
 * token says which are done.
 */
final class Durability {
  private record Mark(long token, long lastIndex) {}

  private record Held(long token, Ready.Outbound message) {}

  private final ArrayDeque<Mark> marks = new ArrayDeque<>();
  private final ArrayDeque<Held> held = new ArrayDeque<>();
  private List<Ready.Write> writes = new ArrayList<>();
  private List<Ready.Outbound> messages = new ArrayList<>();
  private long issued;
  private long durable;
  private long durableIndex;

  /** After recovery everything replayed is durable. */
  void recovered(long lastIndex) {
    durableIndex = lastIndex;
  }

  /** Issues a write after which the log ends at {@code lastIndex}. */
  void write(RaftEvent event, long lastIndex) {
    issued++;
    writes.add(new Ready.Write(issued, event));
    marks.addLast(new Mark(issued, lastIndex));
  }

  /**
   * The log was cut back to just before {@code index}: entries from there on are no longer the
   * ones that were durable, whatever earlier writes in flight said.
   */
  void truncated(long index) {
    durableIndex = Math.min(durableIndex, index - 1);
    List<Mark> kept = new ArrayList<>();
    for (Mark m : marks) {
      kept.add(new Mark(m.token(), Math.min(m.lastIndex(), index - 1)));
    }
    marks.clear();
    marks.addAll(kept);
  }

  /** The write {@code token}, and all before it, completed. */
  void completed(long token) {
    if (token > issued) {
      throw new IllegalStateException("write " + token + " completed but only " + issued + " were issued");
    }
    durable = Math.max(durable, token);
    while (!marks.isEmpty() && marks.peekFirst().token() <= durable) {
      durableIndex = marks.pollFirst().lastIndex();
    }
    while (!held.isEmpty() && held.peekFirst().token() <= durable) {
      messages.add(held.pollFirst().message());
    }
  }

  /** Sends {@code message} once every write issued so far is durable. */
  void sendAfterWrites(Ready.Outbound message) {
    if (issued > durable) {
      held.addLast(new Held(issued, message));
    } else {
      messages.add(message);
    }
  }

  /** Sends {@code message} at once. */
  void sendNow(Ready.Outbound message) {
    messages.add(message);
  }

  /** The last log index that is durable here. */
  long durableIndex() {
    return durableIndex;
  }

  /** Hands out what accumulated, with the entries to apply and the reads to serve or fail. */
  Ready drain(Snapshot restore, List<Entry> committed, List<ReadState> reads, List<Long> failedReads) {
    Ready ready = new Ready(writes, messages, Optional.ofNullable(restore), committed, reads, failedReads);
    writes = new ArrayList<>();
    messages = new ArrayList<>();
    return ready;
  }
}
