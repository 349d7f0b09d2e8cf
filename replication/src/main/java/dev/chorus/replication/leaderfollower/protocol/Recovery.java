package dev.chorus.replication.leaderfollower.protocol;

import dev.chorus.replication.leaderfollower.ReplicaRole;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A new lease holder's recovery before it leads its epoch, in the manner of ZooKeeper's Zab
 * discovery and synchronization phases (Junqueira et al., DSN 2011, §III): it fences a majority
 * (each promises, durably, to refuse older epochs and says how far its log goes), then takes the
 * most advanced of those logs as its own. An acknowledged write of an older epoch is on enough
 * replicas that every majority holds it, unless its mode allowed less (ASYNC, or SEMI_SYNC with
 * too few followers), so the new leader has it; and no older leader can get a write acknowledged
 * once the majority is fenced.
 *
 * <p>It is the state of the replica's {@code CANDIDATE} role.
 */
final class Recovery implements RoleState {
  /** Where a replica's log ends. Ordered as Raft compares logs (§5.4.1): last epoch, then offset. */
  record Position(long lastEpoch, long lastOffset) {
    static final Comparator<Position> ORDER =
        Comparator.comparingLong(Position::lastEpoch).thenComparingLong(Position::lastOffset);
  }

  /** Fencing a majority, then copying the most advanced log. */
  enum Phase { FENCING, SYNCING }

  private final long epoch;
  private final Map<String, Position> answers = new TreeMap<>();
  private Phase phase = Phase.FENCING;
  private String source;
  private Position target;
  private long lastProgress;
  private final LeaderState.Handover handover;

  /**
   * Starts recovering {@code epoch} at {@code now}. A leader that recovers a newer epoch keeps
   * the switchover it had under way ({@code handover}, or null): it goes on once it leads again,
   * until its deadline; only stepping down or following another replica ends it.
   */
  Recovery(long epoch, long now, LeaderState.Handover handover) {
    this.epoch = epoch;
    this.lastProgress = now;
    this.handover = handover;
  }

  long epoch() {
    return epoch;
  }

  Phase phase() {
    return phase;
  }

  String source() {
    return source;
  }

  Position target() {
    return target;
  }

  /** Records a fence answer; true once {@code majority} replicas have answered. */
  boolean answered(String replica, Position where, int majority, long now) {
    answers.put(replica, where);
    lastProgress = now;
    return answers.size() >= majority;
  }

  /**
   * Chooses the most advanced answer; on a tie {@code self}, so that no copy is needed, and
   * otherwise the first by id. Moves to copying from it.
   */
  String chooseSource(String self) {
    Position best = answers.values().stream().max(Position.ORDER).orElseThrow();
    source = Position.ORDER.compare(answers.getOrDefault(self, new Position(-1, -1)), best) == 0 ? self
        : answers.entrySet().stream().filter(e -> e.getValue().equals(best)).findFirst().orElseThrow().getKey();
    target = best;
    phase = Phase.SYNCING;
    return source;
  }

  /** Progress while copying. */
  void progressed(long now) {
    lastProgress = now;
  }

  /** Whether nothing has happened for {@code ticks}: time to start over. */
  boolean stalled(long now, int ticks) {
    return now - lastProgress >= ticks;
  }

  /** Starts over: fence again, forgetting the answers. */
  void restart(long now) {
    answers.clear();
    phase = Phase.FENCING;
    source = null;
    target = null;
    lastProgress = now;
  }

  @Override
  public ReplicaRole role() {
    return ReplicaRole.CANDIDATE;
  }

  @Override
  public LeaderState.Handover handover() {
    return handover;
  }
}
