package dev.chorus.replication.leaderfollower.protocol;

import dev.chorus.replication.leaderfollower.LogPosition;
import dev.chorus.replication.leaderfollower.ReplicaRole;
import dev.chorus.replication.leaderfollower.ReplicaStatus;
import dev.chorus.replication.leaderfollower.ReplicationSettings;
import dev.chorus.replication.leaderfollower.WriteMode;
import dev.chorus.replication.leaderfollower.protocol.ReplicaMessage.EpochQuery;
import dev.chorus.replication.leaderfollower.protocol.ReplicaMessage.Fence;
import java.util.List;

/**
 * One replica of a leader-follower store, as a pure state machine: no I/O, threads or clock.
 *
 * <p><b>Who leads.</b> The store's leader holds its lease in {@code LeaderElection}; the lease's
 * fencing token is the leader's epoch. A replica that hears from no leader asks for the lease
 * ({@link ReplicaEffects#askLease()}); the host reports the answer with
 * {@link #leaseGranted(long, long)}. A new holder first recovers ({@link Recovery}): it fences a
 * majority and takes the most advanced of their logs, then leads, writing an epoch-start record.
 * It renews the lease while it leads, and steps down on its own clock when a renewal has not come
 * back in time. (Tests may also decide leadership by hand with {@link #lead(long)} and
 * {@link #follow(long, String)}.)
 *
 * <p><b>Replication.</b> The leader appends each write to its log in its epoch, replicates it, and
 * acknowledges it as its {@link WriteMode} says. A follower of a new epoch first asks the leader
 * where its own last epoch ends (Kafka KIP-101, KIP-279), cuts back a divergent suffix, and only
 * then takes records; it acknowledges only what is durable. Every message carries its epoch, and
 * a replica that knows a newer epoch refuses an older one's messages (the fence).
 *
 * <p><b>Lost-write accounting.</b> An async write is acknowledged exactly when it is durable on
 * the replica that took it as leader, whatever has happened since; a downgraded write once a
 * durable marker says so. So a replica that cuts back a durable record of an epoch it led counts
 * an acknowledged write lost ({@link #lostAcknowledged()}) exactly when that record was
 * acknowledged. Records cut back before they were durable were never acknowledged: their clients
 * are told the outcome is unknown. The count is written with its cut (a {@code Lost} marker) and
 * into every compaction image, so a restart keeps it.
 */
public final class ReplicaCore {
  // What outlives every role is here or in the objects below; what only one role has is in that
  // role's state. The helpers (following, leading, reads, compaction, inputs) hold the steps:
  // they read this state, change it through the small methods below, and change the role only
  // through the transitions.
  final String self;
  final List<String> replicas;
  final ReplicationSettings settings;
  final EpochLog log = new EpochLog();
  final Durable durable = new Durable();
  final Lease lease;
  final LostWrites lostWrites = new LostWrites();
  final PendingWrites pending = new PendingWrites();
  /** The state of the role it has now: only the transitions below replace it. */
  private RoleState state = RoleState.NONE;
  /** What it last heard from a leader: kept past its following, for the status. */
  private Freshness freshness = new Freshness();
  private String leader;
  private long epoch;
  private long highWatermark;
  private long stableOffset;
  private StoreSnapshot snapshot;
  private long now;

  final ReplicaFollowing following = new ReplicaFollowing(this);
  final ReplicaLeading leading = new ReplicaLeading(this);
  final ReplicaReads reads = new ReplicaReads(this);
  final ReplicaCompaction compaction = new ReplicaCompaction(this);
  private final ReplicaInputs inputs = new ReplicaInputs(this);

  private ReplicaCore(String self, List<String> replicas, ReplicationSettings settings) {
    if (!replicas.contains(self)) {
      throw new IllegalArgumentException(self + " is not one of the store's replicas " + replicas);
    }
    WriteMode mode = settings.mode();
    if (mode.kind() == WriteMode.Kind.SEMI_SYNC && mode.followers() > replicas.size() - 1) {
      throw new IllegalArgumentException(mode + " needs " + mode.followers() + " followers, but the store has "
          + (replicas.size() - 1) + ": no write could ever be acknowledged");
    }
    this.self = self;
    this.replicas = List.copyOf(replicas);
    this.settings = settings;
    this.lease = new Lease(settings, 2 * Math.max(0, this.replicas.indexOf(self)));
  }

  /** A replica recovered from its completed durable writes (empty for a new one). */
  public static ReplicaCore recover(String self, List<String> replicas, ReplicationSettings settings,
      List<ReplicaEffects.Write> durableWrites) {
    ReplicaCore core = new ReplicaCore(self, replicas, settings);
    for (ReplicaEffects.Write w : durableWrites) {
      if (w.image() != null) {
        core.compaction.restore(w.image());
      }
      if (w.keepThrough() >= 0) {
        core.log.truncateAfter(Math.min(w.keepThrough(), core.log.lastOffset()));
      }
      w.records().forEach(core.log::append);
      core.lostWrites.remember(w.marker());
      if (w.marker() instanceof ReplicaEffects.Marker.Led l) {
        core.learnEpoch(l.epoch());
      } else if (w.marker() instanceof ReplicaEffects.Marker.Fence f) {
        core.learnEpoch(f.epoch());
      }
    }
    core.learnEpoch(core.log.lastEpoch());
    core.durable.recovered(core.log.lastOffset());
    return core;
  }

  // ---- compaction ----

  /**
   * The host took {@code s}, the state machine's snapshot at an offset no failover can cut
   * ({@link #stableOffset()}): the log through it is dropped here, and a durable image of this
   * replica written, after which the host may delete every earlier write. Followers that need
   * the dropped records get the snapshot instead (Raft §7).
   *
   * @throws IllegalArgumentException if {@code s} is beyond the stable offset or does not match the log
   */
  public ReplicaEffects compact(StoreSnapshot s) {
    return compaction.compact(s);
  }

  /**
   * Whether the host should snapshot its state machine, now at {@code machineAt}, and compact
   * (Raft §7, as {@code RaftCore.shouldSnapshot}): every {@code everyRecords} records (0: never),
   * once the machine is past the log's base and at an offset no failover can cut.
   */
  public boolean shouldCompact(long machineAt, int everyRecords) {
    long base = log.baseOffset();
    return everyRecords > 0 && machineAt > base && machineAt <= stableOffset && machineAt - base >= everyRecords;
  }

  // ---- leadership ----

  /**
   * {@code LeaderElection} granted this replica the store's lease with fencing token
   * {@code token}, for the request made at tick {@code askedAt}. A new token starts a recovery;
   * the current one renews the lease.
   */
  public ReplicaEffects leaseGranted(long token, long askedAt) {
    return inputs.leaseGranted(token, askedAt);
  }

  /** The lease is held by {@code holder}: a hint for clients while this replica knows no leader. */
  public ReplicaEffects leaseHeldBy(String holder) {
    if (role() == ReplicaRole.NONE && !self.equals(holder)) {
      leader = holder;
    }
    return new ReplicaEffects.Builder().build();
  }

  /** This replica leads {@code newEpoch}, decided by hand: no lease, no recovery. */
  public ReplicaEffects lead(long newEpoch) {
    ReplicaEffects.Builder out = new ReplicaEffects.Builder();
    if (newEpoch <= epoch) {
      throw new IllegalArgumentException("epoch " + newEpoch + " is not newer than " + epoch);
    }
    lease.grantedForever();
    becomeLeader(newEpoch, out);
    return out.build();
  }

  /** This replica follows {@code leaderId} in {@code newEpoch}, decided by hand. */
  public ReplicaEffects follow(long newEpoch, String leaderId) {
    ReplicaEffects.Builder out = new ReplicaEffects.Builder();
    if (newEpoch < epoch || (newEpoch == epoch && (role() == ReplicaRole.LEADER || role() == ReplicaRole.CANDIDATE))) {
      return out.build();
    }
    becomeFollower(newEpoch, leaderId, out);
    return out.build();
  }

  /**
   * A planned switchover to {@code target} (PostgreSQL's switchover, Kafka's preferred leader
   * election): this leader stops taking writes, waits until every pending write is settled and
   * {@code target} has every record durably, then releases the lease and tells {@code target} to
   * take it. {@code target} recovers a new epoch as after any failover, and finds its own log the
   * most advanced, so nothing is lost in any mode. If that does not happen within an election
   * timeout, this leader takes writes again.
   *
   * @return started, or why not: this replica does not lead, a switchover is under way, or
   *     {@code target} is not another replica of the store
   */
  public Switchover switchover(String target) {
    return leading.switchover(target);
  }

  /** The replica this leader is switching over to, or null. */
  public String switchingTo() {
    LeaderState.Handover h = state.handover();
    return h == null ? null : h.target();
  }

  // ---- role transitions: each replaces the role's state, so no state of the old role remains ----

  /** Starts recovering {@code newEpoch}, the lease's new token, by fencing every replica ({@link Recovery}). */
  void startRecovery(long newEpoch, ReplicaEffects.Builder out) {
    pending.leadershipLost(epoch, out);
    epoch = newEpoch;
    leader = self;
    state = new Recovery(newEpoch, now, state.handover());
    out.writes.add(durable.issue(-1, List.of(), new ReplicaEffects.Marker.Fence(newEpoch), log.lastOffset()));
    replicas.forEach(r -> out.sends.add(new ReplicaEffects.Send(r, new Fence(newEpoch))));
  }

  /**
   * Leads {@code newEpoch}: the epoch it recovered, or a newer one given by hand (which first
   * releases what its old role left pending). The epoch begins with its start record.
   */
  void becomeLeader(long newEpoch, ReplicaEffects.Builder out) {
    if (newEpoch != epoch) {
      pending.leadershipLost(epoch, out);
      epoch = newEpoch;
    }
    leader = self;
    lostWrites.led(epoch);
    LogRecord start = new LogRecord(epoch, log.lastOffset() + 1, LogRecord.EpochStart.INSTANCE, false);
    log.append(start);
    out.writes.add(durable.issue(-1, List.of(start), new ReplicaEffects.Marker.Led(epoch), log.lastOffset()));
    LeaderState l = new LeaderState(replicas.stream().filter(r -> !r.equals(self)).toList(), start.offset(),
        state.handover());
    state = l;
    leading.heartbeat(l, out);
  }

  /** Follows {@code leaderId} in {@code newEpoch}, first asking it where this log agrees with its own. */
  void becomeFollower(long newEpoch, String leaderId, ReplicaEffects.Builder out) {
    pending.leadershipLost(epoch, out);
    epoch = newEpoch;
    leader = leaderId;
    freshness = new Freshness();
    state = new FollowerState(freshness);
    lease.quietSince(now);
    out.sends.add(new ReplicaEffects.Send(leaderId, new EpochQuery(epoch, log.lastEpoch())));
  }

  /**
   * Stops leading, recovering or following (its lease ran out on its own clock, a newer epoch is
   * known, or it handed the lease over), knowing {@code newEpoch} and, as a hint, {@code leaderHint}.
   */
  void stepDown(long newEpoch, String leaderHint, ReplicaEffects.Builder out) {
    pending.leadershipLost(epoch, out);
    state = RoleState.NONE;
    leader = leaderHint;
    epoch = newEpoch;
    lease.quietSince(now);
  }

  /** Recovery found epoch {@code e} in its durable state: epochs only go forward. */
  void learnEpoch(long e) {
    epoch = Math.max(epoch, e);
  }

  // ---- inputs ----

  /** A client write on this replica, in {@code mode} (the store's, or weaker). */
  public ReplicaEffects write(long requestId, Object operation, WriteMode mode) {
    return write(requestId, operation, mode, LogPosition.START);
  }

  /**
   * A client write of a session that has seen {@code session}: it is refused unless this leader's
   * log holds that position, so that it is ordered after everything the session wrote or read
   * (monotonic writes, writes follow reads).
   */
  public ReplicaEffects write(long requestId, Object operation, WriteMode mode, LogPosition session) {
    return leading.write(requestId, operation, mode, session);
  }

  /** One tick of time. */
  public ReplicaEffects tick() {
    now++;
    return inputs.tick();
  }

  /** The tick it is at, on its own clock. */
  long now() {
    return now;
  }

  /** The write {@code token} and every earlier one are durable. */
  public ReplicaEffects persisted(long token) {
    return inputs.persisted(token);
  }

  /** A message from another replica (or from this one, for its own fence). */
  public ReplicaEffects receive(String from, ReplicaMessage m) {
    return inputs.receive(from, m);
  }

  // ---- reads ----

  /** Where a read at {@code level}, of a session at {@code session}, is served here. */
  public ReadResult read(ReadLevel level, LogPosition session) {
    return reads.read(level, session);
  }

  /**
   * Where a read that may be at most {@code bound} stale is served here: on the leader as a strong
   * read, on a follower if it is fresh enough ({@link Staleness}); otherwise refused with
   * {@code NOT_LEADER} naming the leader, to go there or wait.
   */
  public ReadResult readBounded(Staleness bound) {
    return reads.readBounded(bound);
  }

  /** The position of the record at {@code offset} in this log, for a write's session token. */
  public LogPosition position(long offset) {
    return reads.positionAt(offset);
  }

  /** How far reads are served here: durable, and at most the high watermark it knows. */
  public long servableOffset() {
    return reads.servable();
  }

  /** This replica's view now: lag in offsets and ticks, and on the leader each follower's. */
  public ReplicaStatus status() {
    return reads.status();
  }

  /** The log, for reads and tests. */
  public EpochLog log() {
    return log;
  }

  // ---- its state: each query beside the steps that move it (forward only, but for a cut) ----

  /** This replica's part now. */
  public ReplicaRole role() {
    return state.role();
  }

  /** The newest epoch this replica knows. */
  public long epoch() {
    return epoch;
  }

  /** The leader's state, or null when it does not lead. */
  LeaderState asLeader() {
    return state instanceof LeaderState l ? l : null;
  }

  /** The leader it knows of, or null. */
  public String leader() {
    return leader;
  }

  /** The recovery it makes as its epoch's candidate, or null when it is not one. */
  Recovery asCandidate() {
    return state instanceof Recovery r ? r : null;
  }

  /** The follower's state, or null when it does not follow. */
  FollowerState asFollower() {
    return state instanceof FollowerState f ? f : null;
  }

  /** What it last heard from a leader (see {@link Freshness}). */
  Freshness freshness() {
    return freshness;
  }

  /** The highest offset stored on every replica the store's mode requires. */
  public long highWatermark() {
    return highWatermark;
  }

  /** Raises the high watermark to {@code offset} if that is higher. */
  void raiseHighWatermark(long offset) {
    highWatermark = Math.max(highWatermark, offset);
  }

  /** A cut after {@code offset}: the high watermark cannot be beyond it. */
  void cutHighWatermark(long offset) {
    highWatermark = Math.min(highWatermark, offset);
  }

  /** How far this replica's log is stable: no failover can cut it (see {@link #compact}). */
  public long stableOffset() {
    return stableOffset;
  }

  /** Raises the stable offset to {@code offset} if that is higher. */
  void raiseStableOffset(long offset) {
    stableOffset = Math.max(stableOffset, offset);
  }

  /** The snapshot this replica's log starts from, or null. */
  public StoreSnapshot snapshot() {
    return snapshot;
  }

  /** The log now starts from {@code s}: it is stable, since it was taken at a stable offset. */
  void installSnapshot(StoreSnapshot s) {
    snapshot = s;
    raiseStableOffset(s.offset());
  }

  /**
   * Acknowledged writes this replica dropped when a failover cut its log back, over its whole
   * life: the count is durable with each cut, so a restart does not reset it.
   */
  public long lostAcknowledged() {
    return lostWrites.lostAcknowledged();
  }

  /**
   * Writes acknowledged as async because their followers did not answer in time, since this
   * replica last started; unlike {@link #lostAcknowledged()}, not kept across restarts.
   */
  public long downgrades() {
    return pending.downgrades();
  }
}
