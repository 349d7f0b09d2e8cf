package dev.chorus.benchmarks.sim;

import dev.chorus.testkit.sim.Command;
import dev.chorus.testkit.sim.DurableWrite;
import dev.chorus.testkit.sim.Effects;
import dev.chorus.testkit.sim.Incarnation;
import dev.chorus.testkit.sim.Reply;
import dev.chorus.testkit.sim.SimNode;
import java.util.HashMap;
import java.util.Map;

/**
 * A small protocol for measuring the simulator itself: the node a client reaches stores the
 * command, asks every peer to store it too, and answers once a majority has it durably. It
 * exercises every kind of step (messages, ticks, fsyncs, client requests) at a realistic mix.
 */
final class QuorumWrites implements SimNode<QuorumWrites.Message> {
  /** A request to store, or an acknowledgement of one. */
  record Message(long id, String origin, boolean ack) {}

  private record Waiting(long requestId, int acks) {}

  private final Incarnation me;
  private final Map<Long, Waiting> waiting = new HashMap<>();
  private final Map<Long, Message> unacked = new HashMap<>();
  private long nextToken;

  QuorumWrites(Incarnation me) {
    this.me = me;
  }

  @Override
  public Effects<Message> onClientRequest(long requestId, Command command) {
    long id = ((long) me.index() << 48) | (me.number() << 40) | requestId;
    waiting.put(id, new Waiting(requestId, 0));
    return Effects.<Message>builder()
        .persist(DurableWrite.append(++nextToken, command))
        .sendAll(me.peers(), new Message(id, me.nodeId(), false))
        .build();
  }

  @Override
  public Effects<Message> onMessage(String from, Message m) {
    if (!m.ack()) {
      unacked.put(++nextToken, m);
      return Effects.<Message>builder().persist(DurableWrite.append(nextToken, m)).build();
    }
    Waiting w = waiting.get(m.id());
    if (w == null) {
      return Effects.none();
    }
    if (w.acks() + 2 >= me.majority()) {
      waiting.remove(m.id());
      return Effects.<Message>builder().reply(w.requestId(), Reply.ok(null)).build();
    }
    waiting.put(m.id(), new Waiting(w.requestId(), w.acks() + 1));
    return Effects.none();
  }

  @Override
  public Effects<Message> onPersisted(long token) {
    Message m = unacked.remove(token);
    if (m == null) {
      return Effects.none();
    }
    return Effects.<Message>builder().send(m.origin(), new Message(m.id(), me.nodeId(), true)).build();
  }

  @Override
  public Effects<Message> onTick() {
    return Effects.none();
  }
}
