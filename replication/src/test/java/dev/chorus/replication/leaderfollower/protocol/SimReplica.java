package dev.chorus.replication.leaderfollower.protocol;

import dev.chorus.consensus.LeaderTime;
import dev.chorus.consensus.election.LeaseCommand;
import dev.chorus.consensus.election.LeaseOutcome;
import dev.chorus.consensus.election.LeaseTable;
import dev.chorus.replication.leaderfollower.LogPosition;
import dev.chorus.replication.leaderfollower.ReplicaRole;
import dev.chorus.replication.leaderfollower.ReplicationSettings;
import dev.chorus.replication.leaderfollower.RequestOutcome;
import dev.chorus.testkit.sim.Command;
import dev.chorus.testkit.sim.DurableWrite;
import dev.chorus.testkit.sim.Effects;
import dev.chorus.testkit.sim.Incarnation;
import dev.chorus.testkit.sim.Reply;
import dev.chorus.testkit.sim.SimNode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A simulated node of a leader-follower store: the last node is the lease service (standing in
 * for {@code LeaderElection}: a {@link LeaseTable} that answers only once its grant is durable),
 * the others are replicas, each a {@link ReplicaCore} carried out as a real host would. Clients
 * send {@code add} commands with unique values; a replica answers each as its core says.
 */
final class SimReplica implements SimNode<Object> {
  static final String STORE = "store";

  /** A replica asks the lease service for the store's lease, at tick {@code askedAt} of its own clock. */
  record Ask(long askedAt) {}

  /** The lease service's answer. */
  record Granted(long token, long askedAt) {}

  /** The lease service's answer when another replica holds the lease. */
  record HeldBy(String holder) {}

  /** A replica gives the lease up (a planned switchover). */
  record Release() {}

  /** One grant or release, as the lease service stores it. */
  record Applied(long index, String holder, long at, boolean release) {}

  /** The chance per tick that a leader starts a switchover, when switchovers are on. */
  private static final double SWITCHOVER_CHANCE = 0.01;

  /** A register write in the log. */
  record Put(String key, long value) {}

  /** A session's command: which client sends it (to find its token), and the value to write. */
  record SessionOp(int client, long value) {}

  /**
   * The clients' session tokens, as each client would keep its own and attach it to every
   * request; shared memory stands in for that, which the single-threaded simulator allows.
   */
  static final class Sessions {
    private final Map<Integer, LogPosition> tokens = new HashMap<>();
    private final ReadLevel reads;
    private final boolean attach;
    private final Staleness bound;

    /** Reads at {@code reads}; tokens are attached to requests only if {@code attach}. */
    Sessions(ReadLevel reads, boolean attach) {
      this(reads, attach, null);
    }

    /** Reads at most {@code bound} stale, when it is given; otherwise at {@code reads}. */
    Sessions(ReadLevel reads, boolean attach, Staleness bound) {
      this.reads = reads;
      this.attach = attach;
      this.bound = bound;
    }

    LogPosition token(int client) {
      return attach ? tokens.getOrDefault(client, LogPosition.START) : LogPosition.START;
    }

    void clear() {
      tokens.clear();
    }
  }

  private final String self;
  private final String service;
  private final ReplicationSettings settings;
  private final ReplicaCore core;
  private final Map<Long, Object> values = new HashMap<>();
  private final Map<Long, Integer> clients = new HashMap<>();
  private final Sessions sessions;
  private final boolean switchovers;
  private final int compactEvery;
  private final java.util.Random random;
  private final List<String> replicas;
  // The lease service's state.
  private final LeaseTable table;
  private final TreeMap<Long, Effects.Send<Object>> answering = new TreeMap<>();
  private long lastIndex;
  private long now;

  SimReplica(Incarnation inc, ReplicationSettings settings) {
    this(inc, settings, null, false);
  }

  /**
   * A node whose clients read and write registers as sessions (null: they add to a set), and whose
   * leader now and then switches over to a random other replica if {@code switchovers}.
   */
  SimReplica(Incarnation inc, ReplicationSettings settings, Sessions sessions, boolean switchovers) {
    this(inc, settings, sessions, switchovers, 0);
  }

  /**
   * As above; a set's replica also compacts its log every {@code compactEvery} stable records (0:
   * never), with the set's elements through that offset as the snapshot's state.
   */
  SimReplica(Incarnation inc, ReplicationSettings settings, Sessions sessions, boolean switchovers, int compactEvery) {
    this.compactEvery = compactEvery;
    this.sessions = sessions;
    this.switchovers = switchovers;
    this.random = inc.random();
    this.replicas = inc.members().subList(0, inc.members().size() - 1);
    this.self = inc.nodeId();
    this.service = inc.members().get(inc.members().size() - 1);
    this.settings = settings;
    if (isService()) {
      core = null;
      table = new LeaseTable();
      inc.durableRecords().forEach(r -> replay((Applied) r));
    } else {
      table = null;
      List<ReplicaEffects.Write> writes = inc.durableRecords().stream().map(r -> (ReplicaEffects.Write) r).toList();
      core = ReplicaCore.recover(self, inc.members().subList(0, inc.members().size() - 1), settings, writes);
    }
  }

  boolean isService() {
    return self.equals(service);
  }

  /** The replica's core; null on the lease service. */
  ReplicaCore core() {
    return core;
  }

  @Override
  public Effects<Object> onMessage(String from, Object message) {
    if (isService()) {
      return message instanceof Ask a ? grant(from, a)
          : message instanceof Release ? release(from) : Effects.none();
    }
    if (message instanceof Granted g) {
      return carryOut(core.leaseGranted(g.token(), g.askedAt()));
    }
    if (message instanceof HeldBy h) {
      return carryOut(core.leaseHeldBy(h.holder()));
    }
    return carryOut(core.receive(from, (ReplicaMessage) message));
  }

  @Override
  public Effects<Object> onTick() {
    now++;
    if (isService()) {
      return Effects.none();
    }
    Effects<Object> ticked = compact(carryOut(core.tick()));
    if (!switchovers || core.role() != ReplicaRole.LEADER || random.nextDouble() >= SWITCHOVER_CHANCE) {
      return ticked;
    }
    List<String> others = replicas.stream().filter(r -> !r.equals(self)).toList();
    Effects<Object> switched = carryOut(core.switchover(others.get(random.nextInt(others.size()))).effects());
    return merge(ticked, switched);
  }

  private Effects<Object> compact(Effects<Object> ticked) {
    // The simulated machine can snapshot at any offset: at the stable one, the latest allowed.
    long stable = core.stableOffset();
    if (sessions != null || !core.shouldCompact(stable, compactEvery)) {
      return ticked;
    }
    return merge(ticked, carryOut(core.compact(new StoreSnapshot(stable, core.log().epochAt(stable),
        core.log().epochStarts(), encode(elementsThrough(core, stable))))));
  }

  /** The set's elements through {@code offset}: the snapshot's, then the log's records after it. */
  static List<Long> elementsThrough(ReplicaCore core, long offset) {
    List<Long> out = new ArrayList<>();
    if (core.snapshot() != null) {
      ByteBuffer b = ByteBuffer.wrap(core.snapshot().state());
      while (b.hasRemaining()) {
        out.add(b.getLong());
      }
    }
    for (LogRecord r : core.log().after(core.log().baseOffset(), Integer.MAX_VALUE)) {
      if (r.offset() <= offset && !r.isEpochStart()) {
        out.add((Long) r.operation());
      }
    }
    return out;
  }

  /** Every element of the set in this replica's log, the compacted ones included. */
  static List<Long> values(ReplicaCore core) {
    return elementsThrough(core, core.log().lastOffset());
  }

  private static byte[] encode(List<Long> elements) {
    ByteBuffer b = ByteBuffer.allocate(8 * elements.size());
    elements.forEach(b::putLong);
    return b.array();
  }

  private static Effects<Object> merge(Effects<Object> a, Effects<Object> b) {
    List<Effects.Send<Object>> sends = new java.util.ArrayList<>(a.sends());
    sends.addAll(b.sends());
    List<DurableWrite> writes = new java.util.ArrayList<>(a.writes());
    writes.addAll(b.writes());
    List<Effects.ClientReply> replies = new java.util.ArrayList<>(a.replies());
    replies.addAll(b.replies());
    return new Effects<>(sends, writes, replies);
  }

  @Override
  public Effects<Object> onPersisted(long token) {
    if (isService()) {
      Effects.Builder<Object> out = Effects.builder();
      while (!answering.isEmpty() && answering.firstKey() <= token) {
        Effects.Send<Object> s = answering.pollFirstEntry().getValue();
        out.send(s.to(), s.message());
      }
      return out.build();
    }
    return carryOut(core.persisted(token));
  }

  @Override
  public Effects<Object> onClientRequest(long requestId, Command command) {
    if (isService()) {
      return Effects.builder().reply(requestId, new Reply.NotLeader(Optional.empty())).build();
    }
    if (sessions == null) {
      values.put(requestId, command.value());
      return carryOut(core.write(requestId, command.value(), settings.mode()));
    }
    SessionOp op = (SessionOp) command.value();
    LogPosition token = sessions.token(op.client());
    if (command.f().equals("read")) {
      return read(requestId, command.key(), op.client(), token);
    }
    values.put(requestId, op.value());
    clients.put(requestId, op.client());
    return carryOut(core.write(requestId, new Put(command.key(), op.value()), settings.mode(), token));
  }

  private Effects<Object> read(long requestId, String key, int client, LogPosition token) {
    Effects.Builder<Object> out = Effects.builder();
    ReadResult r = sessions.bound != null ? core.readBounded(sessions.bound) : core.read(sessions.reads, token);
    if (r instanceof ReadResult.Refused no) {
      return out.reply(requestId, refusal(client, no.outcome(), no.detail())).build();
    }
    ReadResult.Served served = (ReadResult.Served) r;
    sessions.tokens.put(client, served.position());
    EpochLog log = core.log();
    for (long o = served.throughOffset(); o >= 1; o--) {
      if (log.at(o).operation() instanceof Put p && p.key().equals(key)) {
        return out.reply(requestId, new Reply.Ok(versioned(p.value(), o))).build();
      }
    }
    return out.reply(requestId, new Reply.Ok(versioned(null, 0))).build();
  }

  private static Map<String, Object> versioned(Object value, long version) {
    Map<String, Object> v = new java.util.LinkedHashMap<>();
    v.put("value", value);
    v.put("version", version);
    return v;
  }

  // ---- the lease service ----

  private Effects<Object> grant(String from, Ask a) {
    long index = ++lastIndex;
    LeaseOutcome outcome = table.apply(index, new LeaseCommand.Acquire(STORE, from, settings.leaseTicks(), leaseTime(now)));
    Object answer = outcome instanceof LeaseOutcome.Granted g ? new Granted(g.token().value(), a.askedAt())
        : new HeldBy(((LeaseOutcome.HeldByOther) outcome).holder());
    answering.put(index, new Effects.Send<>(from, answer));
    return Effects.builder().persist(DurableWrite.append(index, new Applied(index, from, now, false))).build();
  }

  private Effects<Object> release(String from) {
    long index = ++lastIndex;
    table.apply(index, new LeaseCommand.Release(STORE, from, leaseTime(now)));
    return Effects.builder().persist(DurableWrite.append(index, new Applied(index, from, now, true))).build();
  }

  /** The simulated lease service is one node, its one "term": its clock is the simulation's. */
  private static LeaderTime leaseTime(long now) {
    return new LeaderTime(1, now);
  }

  // The table is rebuilt by applying every stored grant again; the clock resumes from the last
  // one, so after a restart leases last longer than they should, never shorter.
  private void replay(Applied a) {
    table.apply(a.index(), a.release() ? new LeaseCommand.Release(STORE, a.holder(), leaseTime(a.at()))
        : new LeaseCommand.Acquire(STORE, a.holder(), settings.leaseTicks(), leaseTime(a.at())));
    lastIndex = a.index();
    now = Math.max(now, a.at());
  }

  // ---- a replica's host ----

  private Effects<Object> carryOut(ReplicaEffects effects) {
    Effects.Builder<Object> out = Effects.builder();
    effects.writes().forEach(w -> out.persist(DurableWrite.append(w.token(), w)));
    effects.sends().forEach(s -> out.send(s.to(), s.message()));
    if (effects.releaseLease()) {
      out.send(service, new Release());
    }
    if (effects.askLease() >= 0) {
      out.send(service, new Ask(effects.askLease()));
    }
    for (ReplicaEffects.Reply r : effects.replies()) {
      Object value = values.remove(r.requestId());
      Integer client = clients.remove(r.requestId());
      if (client != null && r.outcome() == RequestOutcome.ACKED) {
        sessions.tokens.put(client, core.position(r.offset()));
        value = versioned(value, r.offset());
      }
      out.reply(r.requestId(), r.outcome() == RequestOutcome.ACKED ? new Reply.Ok(value)
          : refusal(client, r.outcome(), r.detail()));
    }
    return out.build();
  }

  // A lost session is reported as info only so that the checker, by Jepsen's rule, starts a new
  // session for that client, as a real client that is told SESSION_LOST starts one.
  private Reply refusal(Integer client, RequestOutcome outcome, String detail) {
    return switch (outcome) {
      case NOT_LEADER -> new Reply.NotLeader(Optional.ofNullable(detail));
      case UNAVAILABLE -> new Reply.Fail(detail);
      case UNKNOWN -> new Reply.Unknown(detail);
      case SESSION_LOST -> {
        sessions.tokens.remove(client);
        yield new Reply.Unknown(detail);
      }
      case ACKED -> throw new IllegalArgumentException("not a refusal");
    };
  }
}
