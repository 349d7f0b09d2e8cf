package dev.chorus.testkit.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A test node that issues a storage write on every tick (every fifth one truncating its last
 * record first, as a Raft follower dropping a conflicting tail would) and keeps, apart from the
 * simulator, what it was told is durable: the records of its completed writes.
 */
final class Writer implements SimNode<String> {
  record Entry(int incarnation, long n) {}

  final Incarnation incarnation;
  /** The durable records as this node knows them: only writes reported by onPersisted. */
  final List<Object> knownDurable;
  private final ArrayDeque<DurableWrite> inFlight = new ArrayDeque<>();
  private int logicalSize;
  long issued;

  Writer(Incarnation incarnation) {
    this.incarnation = incarnation;
    this.knownDurable = new ArrayList<>(incarnation.durableRecords());
    this.logicalSize = knownDurable.size();
  }

  @Override
  public Effects<String> onTick() {
    issued++;
    Entry entry = new Entry(incarnation.number(), issued);
    DurableWrite write;
    if (issued % 5 == 0 && logicalSize > 0) {
      write = DurableWrite.truncateThenAppend(issued, logicalSize - 1, entry, entry);
    } else {
      write = DurableWrite.append(issued, entry);
    }
    logicalSize += 1;
    inFlight.add(write);
    return Effects.<String>builder().persist(write).build();
  }

  @Override
  public Effects<String> onPersisted(long token) {
    DurableWrite w = inFlight.removeFirst();
    if (w.token() != token) {
      throw new AssertionError("write " + token + " completed before write " + w.token());
    }
    if (w.keep() != DurableWrite.KEEP_ALL) {
      knownDurable.subList(w.keep(), knownDurable.size()).clear();
    }
    knownDurable.addAll(w.records());
    return Effects.none();
  }

  int inFlight() {
    return inFlight.size();
  }

  @Override
  public Effects<String> onMessage(String from, String message) {
    return Effects.none();
  }

  @Override
  public Effects<String> onClientRequest(long requestId, Command command) {
    return Effects.<String>builder().reply(requestId, Reply.fail("writers serve no clients")).build();
  }
}
