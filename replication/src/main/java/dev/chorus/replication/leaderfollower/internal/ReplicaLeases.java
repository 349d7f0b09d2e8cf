package dev.chorus.replication.leaderfollower.internal;

import dev.chorus.consensus.election.LeaseOutcome;
import dev.chorus.replication.leaderfollower.internal.ReplicaNode.Command;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * A replica's dealings with {@code LeaderElection}, from whichever node it runs on (the request is
 * forwarded to the lease group's leader, {@code acquireAnywhere}). An ask that fails is simply
 * asked again: the core asks every election timeout until it holds the lease or hears of a
 * holder. The core times its lease from its own tick at which it asked ({@code askedAt}), which
 * every answer carries back, so a late answer only shortens the lease it grants.
 */
final class ReplicaLeases {
  private final ReplicaNode.Spec spec;
  private final ActorContext<Command> context;
  private final Duration ttl;

  ReplicaLeases(ReplicaNode.Spec spec, ActorContext<Command> context) {
    this.spec = spec;
    this.context = context;
    this.ttl = spec.settings().tickInterval().multipliedBy(spec.settings().replication().leaseTicks());
  }

  /** Asks for the lease for this replica, at its tick {@code askedAt}. */
  void ask(long askedAt) {
    pipe(spec.election().acquireAnywhere(spec.leaseName(), spec.nodeId(), ttl), askedAt);
  }

  /** Gives the lease up (a planned switchover). */
  void release() {
    pipe(spec.election().releaseAnywhere(spec.leaseName(), spec.nodeId()), -1);
  }

  private void pipe(CompletionStage<LeaseOutcome> stage, long askedAt) {
    context.pipeToSelf(stage, (outcome, failure) -> {
      if (failure != null) {
        context.getLog().debug("replica {}/{}: lease request failed: {}", spec.store(), spec.nodeId(), failure.toString());
      }
      if (outcome instanceof LeaseOutcome.Granted g) {
        return new ReplicaNode.LeaseResult(askedAt, g.token().value(), g.holder());
      }
      return new ReplicaNode.LeaseResult(askedAt, 0, outcome instanceof LeaseOutcome.HeldByOther h ? h.holder() : null);
    });
  }
}
