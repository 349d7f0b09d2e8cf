package dev.chorus.consensus.paxos;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's writes in flight and the messages that wait for them. Writes complete in the order they
 * were issued, so one token says which are durable. A message for the node itself is not handed to
 * the host but looped back into the core, after the same durability wait as any other.
 */
final class Outbox {
  private record Held(long token, Ready.Outbound message) {}

  private final String self;
  private final ArrayDeque<Held> held = new ArrayDeque<>();
  private final ArrayDeque<PaxosMessage> loopback = new ArrayDeque<>();
  private List<Ready.Write> writes = new ArrayList<>();
  private List<Ready.Outbound> messages = new ArrayList<>();
  private List<Ready.Answer> answers = new ArrayList<>();
  private long issued;
  private long durable;

  Outbox(String self) {
    this.self = self;
  }

  /** Issues a durable write. */
  void write(PaxosEvent event) {
    issued++;
    writes.add(new Ready.Write(issued, event));
  }

  /**
   * The write {@code token}, and all before it, completed.
   *
   * @throws IllegalStateException if no such write was issued
   */
  void completed(long token) {
    if (token > issued || token < 1) {
      throw new IllegalStateException("write " + token + " completed but writes 1.." + issued + " were issued");
    }
    durable = Math.max(durable, token);
    while (!held.isEmpty() && held.peekFirst().token() <= durable) {
      route(held.pollFirst().message());
    }
  }

  /** Sends {@code message} once every write issued so far is durable: an acknowledgement. */
  void sendAfterWrites(String to, PaxosMessage message) {
    Ready.Outbound out = new Ready.Outbound(to, message);
    if (issued > durable) {
      held.addLast(new Held(issued, out));
    } else {
      route(out);
    }
  }

  /** Sends {@code message} at once: it acknowledges nothing that is not yet durable. */
  void sendNow(String to, PaxosMessage message) {
    route(new Ready.Outbound(to, message));
  }

  void answer(Ready.Answer answer) {
    answers.add(answer);
  }

  /** The next message this node sent itself, or null. */
  PaxosMessage nextLoopback() {
    return loopback.pollFirst();
  }

  /** Hands out what accumulated. */
  Ready drain() {
    Ready ready = new Ready(writes, messages, answers);
    writes = new ArrayList<>();
    messages = new ArrayList<>();
    answers = new ArrayList<>();
    return ready;
  }

  private void route(Ready.Outbound out) {
    if (out.to().equals(self)) {
      loopback.addLast(out.message());
    } else {
      messages.add(out);
    }
  }
}
