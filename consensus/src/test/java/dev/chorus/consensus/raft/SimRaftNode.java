package dev.chorus.consensus.raft;

import dev.chorus.consensus.MembershipChange;
import dev.chorus.consensus.MembershipChangeRejected;
import dev.chorus.consensus.RaftSettings;
import dev.chorus.consensus.Role;
import dev.chorus.core.Bytes;
import dev.chorus.testkit.sim.Command;
import dev.chorus.testkit.sim.DurableWrite;
import dev.chorus.testkit.sim.Effects;
import dev.chorus.testkit.sim.Incarnation;
import dev.chorus.testkit.sim.Reply;
import dev.chorus.testkit.sim.SimNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link RaftCore} hosted by the simulator, replicating a register per key. Writes and
 * compare-and-sets go through the log; reads go through the log too, or use ReadIndex, the
 * leader's lease, or ReadIndex from a follower, as the {@link ReadMode} says. The host does what
 * a real host does, no more: carries out each {@link Ready}, answers a client when its entry is
 * applied or its read is ready, and, if asked, hands leadership to a random peer now and then.
 */
final class SimRaftNode implements SimNode<RaftMessage> {
  /** How reads are served. */
  enum ReadMode { LOG, READ_INDEX, LEASE, FOLLOWER }

  /** The chance per tick that a leader starts a leadership transfer, when transfers are on. */
  private static final double TRANSFER_CHANCE = 0.01;

  /** The chance per tick that a leader tries a membership change, when changes are on. */
  private static final double CHANGE_CHANCE = 0.03;

  private record Pending(long requestId, long term) {}

  private final RaftCore core;
  private final ReadMode readMode;
  private final boolean transfers;
  private final boolean reconfigure;
  private final List<String> members;
  private final java.util.Random random;
  private final Map<Long, Command> reading = new HashMap<>();
  private final Map<String, Object> registers = new HashMap<>();
  private final Map<Long, Pending> pending = new HashMap<>();
  /** Every entry applied here, by index, for the state-machine safety invariant. */
  private final Map<Long, Entry> applied = new HashMap<>();
  /** The index of the last snapshot this incarnation restored: entries up to it were not applied here. */
  private long restoredUpTo;
  /** How many snapshots this incarnation installed from a leader. */
  private int installs;

  SimRaftNode(Incarnation inc, RaftSettings settings) {
    this(inc, settings, ReadMode.LOG, false);
  }

  SimRaftNode(Incarnation inc, RaftSettings settings, ReadMode readMode, boolean transfers) {
    this(inc, settings, readMode, transfers, new HashSet<>(inc.members()), false);
  }

  /**
   * @param bootstrap the founding voters (empty on a node that joins later)
   * @param reconfigure whether the leader now and then makes a random single-server membership change
   */
  SimRaftNode(Incarnation inc, RaftSettings settings, ReadMode readMode, boolean transfers,
      java.util.Set<String> bootstrap, boolean reconfigure) {
    this.readMode = readMode;
    this.reconfigure = reconfigure;
    this.transfers = transfers;
    this.random = inc.random();
    List<RaftEvent> events = new ArrayList<>();
    inc.durableRecords().forEach(r -> events.add((RaftEvent) r));
    this.members = inc.members();
    this.core = RaftCore.recover(inc.nodeId(), bootstrap, settings, inc.random(), events);
    if (core.snapshot() != null) {
      restore(core.snapshot());
    }
  }

  long restoredUpTo() {
    return restoredUpTo;
  }

  int installs() {
    return installs;
  }

  private void restore(Snapshot s) {
    registers.clear();
    String text = new String(s.data().toArray(), StandardCharsets.UTF_8);
    text.lines().filter(l -> !l.isEmpty()).forEach(l -> {
      int eq = l.indexOf('=');
      registers.put(l.substring(0, eq), Long.parseLong(l.substring(eq + 1)));
    });
    restoredUpTo = s.index();
  }

  /** The registers as sorted "key=value" lines: deterministic, so traces stay reproducible. */
  private Bytes encode() {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(registers).forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
    return Bytes.of(out.toString().getBytes(StandardCharsets.UTF_8));
  }

  RaftCore core() {
    return core;
  }

  Map<Long, Entry> applied() {
    return applied;
  }

  @Override
  public Effects<RaftMessage> onMessage(String from, RaftMessage message) {
    return carryOut(core.receive(from, message), Effects.builder());
  }

  @Override
  public Effects<RaftMessage> onTick() {
    Effects.Builder<RaftMessage> out = Effects.builder();
    carryOut(core.tick(), out);
    if (reconfigure && core.role() == Role.LEADER && random.nextDouble() < CHANGE_CHANCE) {
      reconfigure(out);
    }
    if (transfers && core.role() == Role.LEADER && random.nextDouble() < TRANSFER_CHANCE) {
      List<String> peers = core.voters().stream().filter(v -> !v.equals(core.id())).sorted().toList();
      carryOut(core.transferLeadership(peers.get(random.nextInt(peers.size()))).ready(), out);
    }
    return out.build();
  }

  @Override
  public Effects<RaftMessage> onPersisted(long token) {
    return carryOut(core.persisted(token), Effects.builder());
  }

  @Override
  public Effects<RaftMessage> onClientRequest(long requestId, Command command) {
    Effects.Builder<RaftMessage> out = Effects.builder();
    if (command.f().equals("read") && readMode != ReadMode.LOG) {
      if (readMode != ReadMode.FOLLOWER && core.role() != Role.LEADER) {
        return out.reply(requestId, notLeader()).build();
      }
      reading.put(requestId, command);
      return carryOut(core.read(requestId, readMode == ReadMode.LEASE), out);
    }
    if (!(core.propose(command) instanceof Proposal.Appended p)) {
      return out.reply(requestId, notLeader()).build();
    }
    pending.put(p.index(), new Pending(requestId, p.term()));
    return carryOut(p.ready(), out);
  }

  /** One random single-server change; a change the rules refuse now is simply skipped. */
  private void reconfigure(Effects.Builder<RaftMessage> out) {
    MembershipChange.Kind kind = MembershipChange.Kind.values()[random.nextInt(MembershipChange.Kind.values().length)];
    // A third of removals remove the leader itself (thesis §4.2.2), the case most easily missed.
    boolean self = kind == MembershipChange.Kind.REMOVE && random.nextInt(3) == 0;
    String node = self ? core.id() : members.get(random.nextInt(members.size()));
    try {
      if (core.changeMembership(new MembershipChange(kind, node)) instanceof Proposal.Appended p) {
        carryOut(p.ready(), out);
      }
    } catch (MembershipChangeRejected refused) {
      // Not valid now (one change at a time, or not applicable to this node): try again later.
    }
  }

  private Reply notLeader() {
    return new Reply.NotLeader(Optional.ofNullable(core.leaderHint()));
  }

  private Effects<RaftMessage> carryOut(Ready ready, Effects.Builder<RaftMessage> out) {
    for (Ready.Write w : ready.writes()) {
      // Compaction replaces what storage holds; everything else appends to it.
      out.persist(w.event() instanceof RaftEvent.Compacted
          ? DurableWrite.truncateThenAppend(w.token(), 0, w.event())
          : DurableWrite.append(w.token(), w.event()));
    }
    for (Ready.Outbound m : ready.messages()) {
      out.send(m.to(), m.message());
    }
    if (ready.restore().isPresent()) {
      restore(ready.restore().get());
      installs++;
    }
    for (Entry e : ready.committed()) {
      Reply result = apply(e);
      applied.put(e.index(), e);
      Pending p = pending.remove(e.index());
      if (p != null) {
        // Another entry committed at our index means ours never will be (Log Matching, §5.3).
        out.reply(p.requestId(), p.term() == e.term() ? result : new Reply.Fail("overwritten by a new leader"));
      }
    }
    if (!ready.committed().isEmpty() && core.shouldSnapshot()) {
      carryOut(core.snapshotTaken(core.appliedIndex(), encode()), out);
    }
    for (ReadState r : ready.reads()) {
      Command c = reading.remove(r.readId());
      if (c != null) {
        out.reply(r.readId(), new Reply.Ok(registers.get(c.key())));
      }
    }
    for (long id : ready.failedReads()) {
      if (reading.remove(id) != null) {
        out.reply(id, notLeader());
      }
    }
    return out.build();
  }

  private Reply apply(Entry e) {
    if (!(e.command() instanceof Command)) {
      return null;
    }
    Command c = (Command) e.command();
    Object current = registers.get(c.key());
    switch (c.f()) {
      case "read":
        return new Reply.Ok(current);
      case "write":
        registers.put(c.key(), c.value());
        return new Reply.Ok(c.value());
      case "cas":
        List<?> pair = (List<?>) c.value();
        if (current == null || !current.equals(pair.get(0))) {
          return new Reply.Fail("expected " + pair.get(0) + " but found " + current);
        }
        registers.put(c.key(), pair.get(1));
        return new Reply.Ok(c.value());
      default:
        return new Reply.Fail("unknown operation " + c.f());
    }
  }
}
