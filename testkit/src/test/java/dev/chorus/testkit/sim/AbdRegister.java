package dev.chorus.testkit.sim;

import dev.chorus.testkit.sim.AbdMessage.Query;
import dev.chorus.testkit.sim.AbdMessage.QueryAck;
import dev.chorus.testkit.sim.AbdMessage.Store;
import dev.chorus.testkit.sim.AbdMessage.StoreAck;
import dev.chorus.testkit.sim.AbdMessage.Stored;
import dev.chorus.testkit.sim.AbdMessage.Tag;
import dev.chorus.testkit.sim.AbdMessage.Versioned;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A replicated read/write register per key: ABD (Attiya, Bar-Noy and Dolev, "Sharing Memory
 * Robustly in Message-Passing Systems", JACM 1995), multi-writer, any node coordinating. Every node
 * is both a replica and a coordinator.
 * <ul>
 *   <li>A write queries a majority for their versions, picks a timestamp above all of them, and
 *       stores the new version on a majority.
 *   <li>A read queries a majority and, before returning the highest version, writes it back to a
 *       majority, so no later read can return an older one (ABD's read "write-back" phase).
 * </ul>
 *
 * <p>ABD's proof assumes that a replica which acknowledged a store still holds that version (or a
 * newer one) forever. With crash-restart that means: acknowledge only once the version is durable.
 * {@link #ackingBeforeDurable} breaks exactly that and is otherwise identical. Its histories are
 * linearizable unless a replica crashes between its acknowledgement and its fsync, and a later
 * majority then misses the version; it is the simulator's proof that it finds real bugs.
 */
final class AbdRegister implements SimNode<AbdMessage> {
  /** Coordinator ops resend to silent replicas this often. */
  private static final int RESEND_TICKS = 3;
  /** A coordinator gives up after this many ticks and answers "unknown". */
  private static final int GIVE_UP_TICKS = 40;

  private final Incarnation me;
  private final boolean ackBeforeDurable;
  private final Map<String, Versioned> versions = new TreeMap<>();
  private final List<PendingAck> pendingAcks = new ArrayList<>();
  private final Map<Long, Coordination> ops = new TreeMap<>();
  private long lastToken;
  private long durableToken;
  private long lastOpSeq;
  private long lastTs;

  private record PendingAck(long token, String to, long opId) {}

  /** One client operation this node coordinates. */
  private static final class Coordination {
    final long requestId;
    final Command command;
    final Map<String, Versioned> queryAcks = new TreeMap<>();
    final TreeSet<String> storeAcks = new TreeSet<>();
    Versioned chosen;
    int ticks;

    Coordination(long requestId, Command command) {
      this.requestId = requestId;
      this.command = command;
    }

    boolean storing() {
      return chosen != null;
    }
  }

  private AbdRegister(Incarnation me, boolean ackBeforeDurable) {
    this.me = me;
    this.ackBeforeDurable = ackBeforeDurable;
    for (Object record : me.durableRecords()) {
      Stored s = (Stored) record;
      versions.put(s.key(), s.versioned());
    }
  }

  /** ABD as published: a store is acknowledged once durable. */
  static AbdRegister correct(Incarnation incarnation) {
    return new AbdRegister(incarnation, false);
  }

  /** The deliberate bug: a store is acknowledged before it is durable. */
  static AbdRegister ackingBeforeDurable(Incarnation incarnation) {
    return new AbdRegister(incarnation, true);
  }

  /** The version this replica holds for {@code key}, durable or not. */
  Versioned version(String key) {
    return versions.getOrDefault(key, Versioned.INITIAL);
  }

  @Override
  public Effects<AbdMessage> onClientRequest(long requestId, Command command) {
    Effects.Builder<AbdMessage> out = Effects.builder();
    if (!command.f().equals("read") && !command.f().equals("write")) {
      return out.reply(requestId, Reply.fail("unsupported operation " + command.f())).build();
    }
    // Op ids carry the incarnation, so a late answer to an earlier life's op is never mistaken
    // for an answer to this one's.
    long opId = ((long) me.number() << 32) | ++lastOpSeq;
    ops.put(opId, new Coordination(requestId, command));
    return out.sendAll(me.members(), new Query(opId, command.key())).build();
  }

  @Override
  public Effects<AbdMessage> onMessage(String from, AbdMessage message) {
    if (message instanceof Query q) {
      return Effects.<AbdMessage>builder().send(from, new QueryAck(q.opId(), version(q.key()))).build();
    } else if (message instanceof QueryAck a) {
      return onQueryAck(from, a);
    } else if (message instanceof Store s) {
      return onStore(from, s);
    } else {
      return onStoreAck(from, (StoreAck) message);
    }
  }

  private Effects<AbdMessage> onQueryAck(String from, QueryAck a) {
    Coordination op = ops.get(a.opId());
    if (op == null || op.storing()) {
      return Effects.none();
    }
    op.queryAcks.put(from, a.versioned());
    if (op.queryAcks.size() < me.majority()) {
      return Effects.none();
    }
    Versioned highest = op.queryAcks.values().stream()
        .max((x, y) -> x.tag().compareTo(y.tag())).orElseThrow();
    if (op.command.f().equals("write")) {
      // Above every timestamp seen, and above this coordinator's own last one: two concurrent
      // writes it coordinates must not share a tag.
      lastTs = Math.max(lastTs, highest.tag().ts()) + 1;
      op.chosen = new Versioned(new Tag(lastTs, me.index(), me.number()), (Integer) op.command.value());
    } else {
      op.chosen = highest;
    }
    return Effects.<AbdMessage>builder()
        .sendAll(me.members(), new Store(a.opId(), op.command.key(), op.chosen)).build();
  }

  private Effects<AbdMessage> onStore(String from, Store s) {
    Effects.Builder<AbdMessage> out = Effects.builder();
    if (s.versioned().tag().isAfter(version(s.key()).tag())) {
      versions.put(s.key(), s.versioned());
      out.persist(DurableWrite.append(++lastToken, new Stored(s.key(), s.versioned())));
    }
    if (ackBeforeDurable || durableToken == lastToken) {
      out.send(from, new StoreAck(s.opId()));
    } else {
      // What this replica holds now may rest on writes still in flight; ack when they are durable.
      pendingAcks.add(new PendingAck(lastToken, from, s.opId()));
    }
    return out.build();
  }

  private Effects<AbdMessage> onStoreAck(String from, StoreAck a) {
    Coordination op = ops.get(a.opId());
    if (op == null || !op.storing()) {
      return Effects.none();
    }
    op.storeAcks.add(from);
    if (op.storeAcks.size() < me.majority()) {
      return Effects.none();
    }
    ops.remove(a.opId());
    Object result = op.command.f().equals("read") ? op.chosen.value() : op.command.value();
    return Effects.<AbdMessage>builder().reply(op.requestId, Reply.ok(result)).build();
  }

  @Override
  public Effects<AbdMessage> onPersisted(long token) {
    // Writes complete in the order issued, so everything up to token is durable.
    durableToken = token;
    Effects.Builder<AbdMessage> out = Effects.builder();
    for (Iterator<PendingAck> it = pendingAcks.iterator(); it.hasNext(); ) {
      PendingAck p = it.next();
      if (p.token() <= token) {
        out.send(p.to(), new StoreAck(p.opId()));
        it.remove();
      }
    }
    return out.build();
  }

  @Override
  public Effects<AbdMessage> onTick() {
    Effects.Builder<AbdMessage> out = Effects.builder();
    for (Iterator<Map.Entry<Long, Coordination>> it = ops.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Coordination> e = it.next();
      Coordination op = e.getValue();
      op.ticks++;
      if (op.ticks >= GIVE_UP_TICKS) {
        // It may have reached some replicas: the outcome is unknown, not failed.
        out.reply(op.requestId, new Reply.Unknown("no majority answered"));
        it.remove();
      } else if (op.ticks % RESEND_TICKS == 0) {
        resend(e.getKey(), op, out);
      }
    }
    return out.build();
  }

  private void resend(long opId, Coordination op, Effects.Builder<AbdMessage> out) {
    for (String member : me.members()) {
      if (op.storing() && !op.storeAcks.contains(member)) {
        out.send(member, new Store(opId, op.command.key(), op.chosen));
      } else if (!op.storing() && !op.queryAcks.containsKey(member)) {
        out.send(member, new Query(opId, op.command.key()));
      }
    }
  }
}
