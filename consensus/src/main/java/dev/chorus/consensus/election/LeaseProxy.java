package dev.chorus.consensus.election;

import dev.chorus.consensus.NotLeader;
import dev.chorus.consensus.Unavailable;
import dev.chorus.core.ChorusSerializable;
import dev.chorus.core.Epoch;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * One node's door to its lease group member for the other nodes: a lease is granted only on the
 * group's leader, stamped with that leader's clock, so a node that does not lead forwards its
 * request here, on the node it was told leads ({@link LeaderElection#acquireAnywhere}).
 */
final class LeaseProxy {
  private LeaseProxy() {}

  sealed interface Command {}

  /** Take (ttlMillis > 0) or give up (ttlMillis 0) lease {@code name} for {@code holder}. Crosses nodes. */
  record Forward(String name, String holder, long ttlMillis, ActorRef<Answer> replyTo)
      implements Command, ChorusSerializable {}

  enum Stop implements Command { INSTANCE }

  private record Answered(Answer answer, ActorRef<Answer> replyTo) implements Command {}

  /**
   * The outcome, flattened to cross nodes: {@code kind} is granted, held, released, not-leader
   * (with {@code holder} as the hint, if any) or unavailable (with {@code detail}).
   */
  record Answer(String kind, String holder, long token, long expiresAtMillis, String detail)
      implements ChorusSerializable {
    static Answer of(LeaseOutcome outcome, Throwable failure) {
      if (outcome instanceof LeaseOutcome.Granted g) {
        return new Answer("granted", g.holder(), g.token().value(), g.expiresAtMillis(), null);
      }
      if (outcome instanceof LeaseOutcome.HeldByOther h) {
        return new Answer("held", h.holder(), 0, h.expiresAtMillis(), null);
      }
      if (outcome != null) {
        return new Answer("released", null, 0, 0, null);
      }
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
      if (cause instanceof NotLeader nl) {
        return new Answer("not-leader", nl.leaderHint().orElse(null), 0, 0, null);
      }
      return new Answer("unavailable", null, 0, 0, String.valueOf(cause));
    }

    /** The outcome for lease {@code name} of {@code group}, or the failure. */
    LeaseOutcome outcome(String group, String name) {
      return switch (kind) {
        case "granted" -> new LeaseOutcome.Granted(name, holder, Epoch.of(token), expiresAtMillis);
        case "held" -> new LeaseOutcome.HeldByOther(name, holder, expiresAtMillis);
        case "released" -> new LeaseOutcome.Released(name);
        case "not-leader" -> throw new NotLeader(group, Optional.ofNullable(holder));
        default -> throw new Unavailable(group, "forwarded lease request failed: " + detail);
      };
    }
  }

  static ServiceKey<Command> key(String group, String nodeId) {
    return ServiceKey.create(Command.class, "chorus-lease-proxy/" + group + "/" + nodeId);
  }

  static Behavior<Command> create(LeaderElection election, String group, String nodeId) {
    return Behaviors.setup(context -> {
      context.getSystem().receptionist().tell(Receptionist.register(key(group, nodeId), context.getSelf()));
      return Behaviors.receive(Command.class)
          .onMessage(Forward.class, f -> {
            CompletionStage<LeaseOutcome> stage = f.ttlMillis() > 0
                ? election.acquire(f.name(), f.holder(), Duration.ofMillis(f.ttlMillis()))
                : election.release(f.name(), f.holder());
            context.pipeToSelf(stage, (outcome, failure) -> new Answered(Answer.of(outcome, failure), f.replyTo()));
            return Behaviors.same();
          })
          .onMessage(Answered.class, a -> {
            a.replyTo().tell(a.answer());
            return Behaviors.same();
          })
          .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
          .build();
    });
  }
}
