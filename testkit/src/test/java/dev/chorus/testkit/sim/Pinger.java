package dev.chorus.testkit.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A test node that, on every tick, sends a numbered ping to every peer and records what arrives,
 * so tests can count drops, duplicates, reorderings and delays from the receiving end. Not final:
 * a test may override a handler to misbehave.
 */
class Pinger implements SimNode<Pinger.Ping> {
  record Ping(long seq) {}

  record Received(String from, long seq) {}

  final Incarnation incarnation;
  final List<Received> received = new ArrayList<>();
  private final Set<Received> seen = new HashSet<>();
  private final Map<String, Long> highestSeq = new TreeMap<>();
  long sent;
  long duplicates;
  long reordered;

  Pinger(Incarnation incarnation) {
    this.incarnation = incarnation;
  }

  @Override
  public Effects<Ping> onTick() {
    sent++;
    return Effects.<Ping>builder().sendAll(incarnation.peers(), new Ping(sent)).build();
  }

  @Override
  public Effects<Ping> onMessage(String from, Ping message) {
    Received r = new Received(from, message.seq());
    received.add(r);
    if (!seen.add(r)) {
      duplicates++;
    }
    long highest = highestSeq.getOrDefault(from, 0L);
    if (message.seq() < highest) {
      reordered++;
    }
    highestSeq.put(from, Math.max(highest, message.seq()));
    return Effects.none();
  }

  @Override
  public Effects<Ping> onPersisted(long token) {
    return Effects.none();
  }

  @Override
  public Effects<Ping> onClientRequest(long requestId, Command command) {
    return Effects.<Ping>builder().reply(requestId, Reply.fail("pingers serve no clients")).build();
  }
}
