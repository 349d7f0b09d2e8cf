package dev.chorus.consensus.election;

import dev.chorus.consensus.RaftGroup;
import dev.chorus.consensus.RaftGroupSettings;
import dev.chorus.consensus.RaftGroups;
import dev.chorus.consensus.ReadConsistency;
import dev.chorus.consensus.spi.StateMachine;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Named leases with fencing tokens, on a Raft group ({@link LeaseTable}); Pekko's own cluster
 * leader is not used. Acquire on the group's leader (elsewhere it fails with {@code NotLeader},
 * with the hint): the request is stamped with this node's clock, which is the leader's. A holder
 * keeps a {@link LeaseHolder} for its own view and sends its token with every write, so storage
 * can refuse a deposed holder ({@link FencedResource}).
 */
public final class LeaderElection {
  /** The group's default name. */
  public static final String GROUP = "leases";

  private final RaftGroup<LeaseCommand, String, LeaseOutcome> group;
  private final Clock clock;

  private LeaderElection(RaftGroup<LeaseCommand, String, LeaseOutcome> group, Clock clock) {
    this.group = group;
    this.clock = clock;
  }

  /** Starts this node's member of the lease group {@code group}, one of its founding {@code members}. */
  public static LeaderElection start(ActorSystem<?> system, String nodeId, String group, Set<String> members,
      RaftGroupSettings settings, Clock clock) {
    return new LeaderElection(RaftGroups.start(system, nodeId, group, members, Machine::new, LeaseCodecs.ALL,
        settings), clock);
  }

  /** The Raft group underneath. */
  public RaftGroup<LeaseCommand, String, LeaseOutcome> group() {
    return group;
  }

  /**
   * Takes (or renews) {@code name} for {@code holder}: {@link LeaseOutcome.Granted} with the
   * fencing token, or {@link LeaseOutcome.HeldByOther}.
   */
  public CompletionStage<LeaseOutcome> acquire(String name, String holder, Duration ttl) {
    return group.submit(new LeaseCommand.Acquire(name, holder, ttl.toMillis(), clock.millis()));
  }

  /** Gives {@code name} up, if {@code holder} has it. */
  public CompletionStage<LeaseOutcome> release(String name, String holder) {
    return group.submit(new LeaseCommand.Release(name, holder, clock.millis()));
  }

  /** Who holds {@code name}, read linearizably. */
  public CompletionStage<LeaseOutcome> holder(String name) {
    return group.query(name, ReadConsistency.LINEARIZABLE);
  }

  /** The lease table as a state machine. */
  private static final class Machine implements StateMachine<LeaseCommand, String, LeaseOutcome> {
    private final LeaseTable table = new LeaseTable();

    @Override
    public LeaseOutcome apply(long index, LeaseCommand command) {
      return table.apply(index, command);
    }

    @Override
    public LeaseOutcome query(String name) {
      return table.lookup(name);
    }

    @Override
    public byte[] snapshot() {
      return table.snapshot();
    }

    @Override
    public void restore(byte[] snapshot) {
      table.restore(snapshot);
    }
  }
}
