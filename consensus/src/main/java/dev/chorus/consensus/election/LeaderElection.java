package dev.chorus.consensus.election;

import dev.chorus.consensus.LeaderTime;
import dev.chorus.consensus.NotLeader;
import dev.chorus.consensus.RaftGroup;
import dev.chorus.consensus.RaftGroupSettings;
import dev.chorus.consensus.RaftGroups;
import dev.chorus.consensus.ReadPath;
import dev.chorus.consensus.Unavailable;
import dev.chorus.core.ConsistencyLevel;
import dev.chorus.core.spi.LeaderStamped;
import dev.chorus.core.host.Instances;
import dev.chorus.core.spi.StateMachine;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * Named leases with fencing tokens, on a Raft group ({@link LeaseTable}); Pekko's own cluster
 * leader is not used. Acquire on the group's leader (elsewhere it fails with {@code NotLeader},
 * with the hint; {@link #acquireAnywhere} forwards it there): the leader's host stamps the entry
 * with its term and monotonic clock as it appends it, and the table times leases by those stamps
 * alone ({@link LeaseTable}); no wall clock is read. A holder
 * keeps a {@link LeaseHolder} for its own view and sends its token with every write, so storage
 * can refuse a deposed holder ({@link FencedResource}).
 */
public final class LeaderElection {
  /** The group's default name. */
  public static final String GROUP = "leases";

  private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(5);

  private final RaftGroup<LeaseCommand, String, LeaseOutcome> group;
  private final ActorSystem<?> system;

  private LeaderElection(RaftGroup<LeaseCommand, String, LeaseOutcome> group, ActorSystem<?> system) {
    this.group = group;
    this.system = system;
  }

  /** Starts this node's member of the lease group {@code group}, one of its founding {@code members}. */
  public static LeaderElection start(ActorSystem<?> system, String nodeId, String group, Set<String> members,
      RaftGroupSettings settings) {
    LeaderElection election = new LeaderElection(RaftGroups.start(system, nodeId, group, members, Machine::new,
        LeaseCodecs.ALL, settings), system);
    ActorRef<LeaseProxy.Command> proxy = system.systemActorOf(LeaseProxy.create(election, group, nodeId),
        Instances.uniqueName("lease-proxy", group, nodeId), Props.empty());
    election.group.whenStopped().thenRun(() -> proxy.tell(LeaseProxy.Stop.INSTANCE));
    return election;
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
    return group.submit(new LeaseCommand.Acquire(name, holder, ttl.toMillis()));
  }

  /** Gives {@code name} up, if {@code holder} has it. */
  public CompletionStage<LeaseOutcome> release(String name, String holder) {
    return group.submit(new LeaseCommand.Release(name, holder));
  }

  /**
   * As {@link #acquire}, from any node: if this node does not lead the lease group, the request is
   * forwarded to the node that does (by its hint), whose host stamps it with its time. Fails with
   * {@code NotLeader} or {@code Unavailable} when no leader is known or reachable.
   */
  public CompletionStage<LeaseOutcome> acquireAnywhere(String name, String holder, Duration ttl) {
    return forwardOnNotLeader(acquire(name, holder, ttl), name, holder, ttl.toMillis());
  }

  /** As {@link #release}, from any node, forwarded as {@link #acquireAnywhere} is. */
  public CompletionStage<LeaseOutcome> releaseAnywhere(String name, String holder) {
    return forwardOnNotLeader(release(name, holder), name, holder, 0);
  }

  private CompletionStage<LeaseOutcome> forwardOnNotLeader(CompletionStage<LeaseOutcome> local, String name,
      String holder, long ttlMillis) {
    return local.handleAsync((outcome, failure) -> {
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
      if (failure == null) {
        return CompletableFuture.completedFuture(outcome);
      }
      Optional<String> hint = cause instanceof NotLeader nl ? nl.leaderHint() : Optional.empty();
      if (hint.isEmpty() || hint.get().equals(group.nodeId())) {
        return CompletableFuture.<LeaseOutcome>failedFuture(cause);
      }
      return forward(hint.get(), name, holder, ttlMillis);
    }, system.executionContext()).thenCompose(Function.identity());
  }

  private CompletionStage<LeaseOutcome> forward(String leader, String name, String holder, long ttlMillis) {
    CompletionStage<Receptionist.Listing> found = AskPattern.ask(system.receptionist(),
        r -> Receptionist.find(LeaseProxy.key(group.name(), leader), r), FORWARD_TIMEOUT, system.scheduler());
    return found.thenComposeAsync(listing -> {
      // A reachable incarnation first; else any: the failure detector's suspicion may be stale
      // (consensus Peers), and the ask has its own timeout.
      var key = LeaseProxy.key(group.name(), leader);
      var proxies = listing.getServiceInstances(key).isEmpty() ? listing.getAllServiceInstances(key)
          : listing.getServiceInstances(key);
      if (proxies.isEmpty()) {
        return CompletableFuture.failedFuture(new Unavailable(group.name(), "the leader " + leader + " is not reachable"));
      }
      CompletionStage<LeaseProxy.Answer> answer = AskPattern.ask(proxies.iterator().next(),
          r -> new LeaseProxy.Forward(name, holder, ttlMillis, r), FORWARD_TIMEOUT, system.scheduler());
      return answer.thenApplyAsync(a -> a.outcome(group.name(), name), system.executionContext());
    }, system.executionContext());
  }

  /** Who holds {@code name}, read linearizably. */
  public CompletionStage<LeaseOutcome> holder(String name) {
    return group.query(name, ConsistencyLevel.STRONG, ReadPath.READ_INDEX);
  }

  /** The lease table as a state machine. */
  private static final class Machine implements StateMachine<LeaseCommand, String, LeaseOutcome>, LeaderStamped {
    private final LeaseTable table = new LeaseTable();

    @Override
    public byte[] stampLeaderTime(byte[] command, long term, long monotonicMillis) {
      LeaseCommand c = LeaseCodecs.COMMANDS.decode(command);
      return LeaseCodecs.COMMANDS.encode(c.at(new LeaderTime(term, monotonicMillis)));
    }

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
