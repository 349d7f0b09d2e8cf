package dev.chorus.consensus.raft;

import dev.chorus.consensus.Membership;
import dev.chorus.consensus.MembershipChange;
import dev.chorus.consensus.RaftSettings;
import dev.chorus.consensus.ReadPath;
import dev.chorus.consensus.Role;
import dev.chorus.consensus.raft.RaftMessage.Append;
import dev.chorus.consensus.raft.RaftMessage.ReadIndexRequest;
import dev.chorus.consensus.raft.RaftMessage.ReadIndexResponse;
import dev.chorus.consensus.raft.RaftMessage.TimeoutNow;
import dev.chorus.consensus.raft.RaftMessage.VoteRequest;
import dev.chorus.consensus.raft.RaftMessage.VoteResponse;
import dev.chorus.core.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * One node of one Raft group, as a pure state machine (Ongaro and Ousterhout, "In Search of an
 * Understandable Consensus Algorithm", USENIX ATC 2014; Ongaro's thesis, Stanford 2014). No I/O,
 * no threads, no clock: time is {@link #tick()}, randomness is the injected {@link Random}, and
 * every input returns a {@link Ready} for the host to carry out.
 *
 * <p>Durability: a vote or an acknowledgement is sent only after the writes issued before it are
 * durable (§5.2, Figure 2 "respond after persisting"). A leader sends AppendEntries before its own
 * write is durable and counts itself toward commitment only once it is (thesis §10.2.1).
 *
 * <p>Not thread-safe: one host calls it from one thread.
 */
public final class RaftCore {
  private final String self;
  private final ConfigTracker config = new ConfigTracker();
  private final RaftSettings settings;
  private final Random random;
  private final RaftLog log = new RaftLog();
  private final Durability durability = new Durability();
  private final Election election;
  private final Replication replication;
  private final Reads reads;
  private final Following following;
  private final Timers timers;
  private final Compaction compaction = new Compaction(this);

  private long term;
  private String votedFor;
  private Role role = Role.FOLLOWER;
  private String leader;
  private long commitIndex;
  private long appliedIndex;
  private long now;
  private List<Entry> toApply = new ArrayList<>();
  private Snapshot toRestore;

  private RaftCore(String self, Set<String> voters, RaftSettings settings, Random random) {
    this.self = Objects.requireNonNull(self, "self");
    config.base(0, Membership.ofVoters(voters));
    this.settings = Objects.requireNonNull(settings, "settings");
    this.random = Objects.requireNonNull(random, "random");
    this.election = new Election(this);
    this.replication = new Replication(this);
    this.reads = new Reads(this);
    this.following = new Following(this);
    this.timers = new Timers(this.settings, this.random);
    timers.resetElection();
  }

  /**
   * A node recovered from its durable events (empty for a new node): it starts as a follower in
   * its last durable term, with the vote it cast in it. {@code voters} is the bootstrap
   * configuration, used until the log holds one: the same set on every founding member, and
   * empty on a node that joins later (it waits, without campaigning, to be added).
   */
  public static RaftCore recover(String self, Set<String> voters, RaftSettings settings, Random random,
      List<RaftEvent> durable) {
    RaftCore core = new RaftCore(self, voters, settings, random);
    for (RaftEvent e : durable) {
      if (e instanceof RaftEvent.TermVoted tv) {
        core.term = tv.term();
        core.votedFor = tv.votedFor();
      } else if (e instanceof RaftEvent.Compacted c) {
        core.log.restore(c.snapshot().index(), c.snapshot().term(), c.tail());
        core.config.base(c.snapshot().index(), c.snapshot().config());
        core.config.written(c.tail());
        core.compaction.restored(c.snapshot());
        core.commitIndex = c.snapshot().index();
        core.appliedIndex = c.snapshot().index();
      } else {
        List<Entry> appended = ((RaftEvent.Appended) e).entries();
        core.log.replay(appended);
        core.config.written(appended);
      }
    }
    core.durability.recovered(core.log.lastIndex());
    return core;
  }

  // ---- inputs ----

  /** One tick of time passed. */
  public Ready tick() {
    now++;
    if (role == Role.LEADER) {
      replication.tick();
    } else if (timers.electionTimedOut() && election.mayCampaign()) {
      election.campaign(false);
    }
    return drain();
  }

  /** A message from {@code from} arrived. */
  public Ready receive(String from, RaftMessage m) {
    if (from.equals(self)) {
      return drain();
    }
    if (m instanceof VoteRequest || m instanceof VoteResponse || m instanceof TimeoutNow) {
      election.receive(from, m);
    } else if (m instanceof Append || m instanceof RaftMessage.InstallSnapshot) {
      following.receive(from, m);
    } else if (m instanceof ReadIndexRequest || m instanceof ReadIndexResponse) {
      reads.receive(from, m);
    } else {
      replication.receive(from, m);
    }
    return drain();
  }

  /** The write with {@code token} (and every earlier one) is durable. */
  public Ready persisted(long token) {
    durability.completed(token);
    if (role == Role.LEADER) {
      replication.maybeCommit();
    }
    return drain();
  }

  /**
   * Proposes {@code command}. On a leader it is appended at the returned index in the current
   * term; it is committed if an entry of this term is later applied at that index.
   *
   * @return where it went, or {@link Proposal.NotLeader} with the hint
   */
  public Proposal propose(Object command) {
    if (role != Role.LEADER || replication.transferring()) {
      return new Proposal.NotLeader(leaderHint());
    }
    return appendAndReplicate(command);
  }

  private Proposal appendAndReplicate(Object command) {
    Entry e = new Entry(log.lastIndex() + 1, term, command);
    appendOwn(e);
    replication.replicateAll();
    return new Proposal.Appended(e.index(), e.term(), drain());
  }

  /**
   * Starts read {@code readId} (unique among the host's reads in flight) by its path (thesis §6.4):
   * LOCAL at once; READ_INDEX and LEASE (when it holds) on the leader only; FOLLOWER anywhere, by the
   * leader's index. A started read comes back in a later {@link Ready#reads()} or {@link Ready#failedReads()}.
   */
  public ReadStart startRead(long readId, ReadPath path) {
    if (path == ReadPath.LOCAL) {
      return new ReadStart.ServeNow();
    }
    if (path != ReadPath.FOLLOWER && role != Role.LEADER) {
      return new ReadStart.NotLeader(leaderHint());
    }
    return new ReadStart.Started(read(readId, path == ReadPath.LEASE));
  }

  /** A ReadIndex read ({@code lease}: by the lease when it holds), wherever this node is; for scripts. */
  Ready read(long readId, boolean lease) {
    reads.read(readId, lease);
    return drain();
  }

  /**
   * Hands leadership to {@code target} (thesis §3.10): stop taking proposals, bring the target's
   * log up to date, then tell it to start an election at once. Abandoned after an election
   * timeout.
   */
  public Transfer transferLeadership(String target) {
    Transfer.Outcome outcome = role != Role.LEADER ? Transfer.Outcome.NOT_LEADER
        : target.equals(self) ? Transfer.Outcome.ALREADY_LEADS
        : replication.transfer(target) ? Transfer.Outcome.STARTED : Transfer.Outcome.NOT_A_VOTER;
    return new Transfer(outcome, drain());
  }

  /**
   * Whether the host should snapshot its state machine now: {@link RaftSettings#snapshotEntries}
   * entries were applied since the last snapshot.
   */
  public boolean shouldSnapshot() {
    return compaction.due();
  }

  /**
   * The host snapshotted its state machine as of the applied index {@code index}: the log up to
   * there is compacted away (§7), but for the {@link RaftSettings#retainedEntries} before it.
   *
   * @throws IllegalArgumentException if {@code index} is not applied yet or not past the last
   *     snapshot
   */
  public Ready snapshotTaken(long index, Bytes data) {
    compaction.taken(index, data);
    return drain();
  }

  /**
   * The latest snapshot: after {@link #recover}, the host restores its state machine from it
   * before applying anything; null if there is none.
   */
  public Snapshot snapshot() {
    return compaction.latest();
  }

  // ---- queries ----

  /** This node's id. */
  public String id() {
    return self;
  }

  /** The current term. */
  public long term() {
    return term;
  }

  /** The current role. */
  public Role role() {
    return role;
  }

  /** The leader this node knows of in its term, or null. */
  public String leader() {
    return leader;
  }

  /**
   * On the leader, the highest index known to be durable on {@code peer} (Figure 2's
   * matchIndex), for metrics; -1 when this node does not lead or {@code peer} is not a member.
   */
  public long matchIndex(String peer) {
    return role == Role.LEADER ? replication.matchOf(peer) : -1;
  }

  /** Where clients should go: the leader, or the node a leader is handing over to. */
  public String leaderHint() {
    return role == Role.LEADER && replication.transferring() ? replication.transferee() : leader;
  }

  /** The highest index known committed. */
  public long commitIndex() {
    return commitIndex;
  }

  /** The last index handed out for applying. */
  public long appliedIndex() {
    return appliedIndex;
  }

  /** The lowest index the log still holds; lower ones are compacted into the snapshot (§7). */
  public long firstHeldIndex() {
    return compaction.firstHeldIndex();
  }

  /**
   * Up to {@code max} applied entries from {@code from} (at least {@link #firstHeldIndex}) on: what
   * a change feed may deliver, since nothing applied is ever undone. Empty past the applied index.
   */
  public List<Entry> appliedFrom(long from, int max) {
    return compaction.appliedFrom(from, max);
  }

  /** The index of the last entry in the log (including writes in flight). */
  public long lastIndex() {
    return log.lastIndex();
  }

  /** The term of the entry at {@code index}, or -1 when the log does not hold it. */
  public long termAt(long index) {
    return log.term(index);
  }

  /** The voters of the latest configuration in this node's log. */
  public Set<String> voters() {
    return config.current().voters();
  }

  /** The latest configuration in this node's log, committed or not (thesis §4.1). */
  public Membership membership() {
    return config.current();
  }

  /**
   * Proposes one membership change (thesis §4.1). Only one may be in flight, and only once this
   * leader has committed an entry of its own term (the fix to single-server changes: Ongaro,
   * raft-dev, 2015), so that two leaders' overlapping changes cannot both commit.
   *
   * @return where it went, or {@link Proposal.NotLeader} with the hint
   * @throws dev.chorus.consensus.MembershipChangeRejected saying why the change cannot be made now
   */
  public Proposal changeMembership(MembershipChange change) {
    if (role != Role.LEADER || replication.transferring()) {
      return new Proposal.NotLeader(leaderHint());
    }
    return appendAndReplicate(config.next(change, commitIndex, log.term(commitIndex) == term));
  }

  /**
   * Figure 13 steps 6-8, once {@link Following} kept the log's tail that agrees with {@code s}:
   * the snapshot replaces everything up to its index.
   */
  void installed(Snapshot s, List<Entry> tail) {
    log.restore(s.index(), s.term(), tail);
    config.base(s.index(), s.config());
    config.written(tail);
    compaction.restored(s);
    persist(new RaftEvent.Compacted(s, tail));
    durability.truncated(s.index() + 1);
    commitIndex = s.index();
    appliedIndex = s.index();
    toApply.removeIf(e -> e.index() <= s.index());
    toRestore = s;
  }

  // ---- shared by the role helpers ----

  void becomeFollower(long newTerm, String newLeader) {
    if (role == Role.LEADER) {
      reads.steppedDown();
      replication.stop();
    }
    if (!Objects.equals(leader, newLeader) || newTerm > term) {
      reads.leaderChanged();
    }
    if (newTerm > term) {
      term = newTerm;
      votedFor = null;
      persist(new RaftEvent.TermVoted(term, null));
    }
    if (role != Role.FOLLOWER || !Objects.equals(leader, newLeader)) {
      role = Role.FOLLOWER;
      timers.resetElection();
    }
    leader = newLeader;
    if (newLeader != null) {
      timers.electionElapsed = 0;
    }
  }

  void becomeCandidate() {
    reads.leaderChanged();
    role = Role.CANDIDATE;
    term++;
    votedFor = self;
    leader = null;
    persist(new RaftEvent.TermVoted(term, self));
    timers.resetElection();
  }

  void becomePreCandidate() {
    reads.leaderChanged();
    role = Role.PRE_CANDIDATE;
    leader = null;
    timers.resetElection();
  }

  void becomeLeader() {
    role = Role.LEADER;
    leader = self;
    timers.heartbeatElapsed = 0;
    timers.electionElapsed = 0;
    reads.leaderStarted();
    replication.start();
    appendOwn(new Entry(log.lastIndex() + 1, term, Entry.NOOP));
    replication.replicateAll();
  }

  void vote(String candidate) {
    votedFor = candidate;
    persist(new RaftEvent.TermVoted(term, candidate));
    timers.electionElapsed = 0;
  }

  private void appendOwn(Entry e) {
    log.append(e);
    persist(new RaftEvent.Appended(List.of(e)));
    if (e.command() instanceof Membership) {
      config.written(List.of(e));
      replication.configChanged();
    }
  }

  void advanceCommit(long index) {
    if (index > commitIndex) {
      commitIndex = Math.min(index, log.lastIndex());
      while (appliedIndex < commitIndex) {
        toApply.add(log.entry(++appliedIndex));
      }
      if (role == Role.LEADER) {
        reads.onCommit();
        if (!isVoter() && commitIndex >= config.currentIndex()) {
          // Thesis §4.2.2: a leader removed from the configuration steps down once that
          // configuration is committed; until then it led without counting itself.
          becomeFollower(term, null);
        }
      }
    }
  }

  void persist(RaftEvent event) {
    if (event instanceof RaftEvent.Appended a) {
      // A no-op for an append at the end; for a follower's cut-back tail, what was durable there
      // no longer counts (§5.3).
      durability.truncated(a.entries().get(0).index());
    }
    durability.write(event, log.lastIndex());
  }

  /** Sends after every write issued so far is durable. */
  void send(String to, RaftMessage m) {
    durability.sendAfterWrites(new Ready.Outbound(to, m));
  }

  /** Sends now, durable or not: a leader's AppendEntries (thesis §10.2.1). */
  void sendNow(String to, RaftMessage m) {
    durability.sendNow(new Ready.Outbound(to, m));
  }

  private Ready drain() {
    Ready ready = durability.drain(toRestore, toApply, reads.drainReady(appliedIndex), reads.drainFailed());
    toApply = new ArrayList<>();
    toRestore = null;
    return ready;
  }

  /** Ticks since this incarnation started. */
  long now() {
    return now;
  }

  Reads reads() {
    return reads;
  }

  /** A heartbeat now to each of {@code followers}, carrying the current round. */
  void heartbeat(List<String> followers) {
    replication.heartbeat(followers);
  }

  int quorum() {
    return voters().size() / 2 + 1;
  }

  /** Whether this node votes in the latest configuration. */
  boolean isVoter() {
    return voters().contains(self);
  }

  /** The other voters. */
  List<String> peers() {
    return config.otherVoters(self);
  }

  RaftLog log() {
    return log;
  }

  ConfigTracker config() {
    return config;
  }

  RaftSettings settings() {
    return settings;
  }

  long durableIndex() {
    return durability.durableIndex();
  }

  String votedFor() {
    return votedFor;
  }

  Timers timers() {
    return timers;
  }

  @Override
  public String toString() {
    return self + "[" + role + " term=" + term + " leader=" + leader + " last=" + log.lastIndex()
        + " commit=" + commitIndex + "]";
  }
}
