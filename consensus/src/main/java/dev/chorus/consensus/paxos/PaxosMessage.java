package dev.chorus.consensus.paxos;

import java.util.Objects;
import java.util.Optional;

/**
 * What the nodes of one Paxos group exchange ("Paxos Made Simple" §2.2 and §2.3). Every node plays
 * every role: proposer, acceptor and learner. The sender is given beside the message.
 *
 * <p>Immutable values; on the wire they travel by their type names, never by class names (the
 * names are given outside the core, in {@code paxos.internal.PaxosJacksonModule}).
 */
public sealed interface PaxosMessage {
  /**
   * Phase 1a: a proposer asks the acceptors to promise never again to accept a proposal numbered
   * below {@code ballot}, and to report the highest-numbered proposal they have accepted (§2.2).
   */
  record Prepare(Ballot ballot) implements PaxosMessage {
    /** Requires a ballot. */
    public Prepare {
      Objects.requireNonNull(ballot, "ballot");
    }
  }

  /**
   * Phase 1b: the acceptor promises {@code ballot}, and reports the highest-numbered proposal it
   * has accepted, if any (§2.2). Sent only once that promise is durable.
   */
  record Promise(Ballot ballot, Optional<Proposal> accepted) implements PaxosMessage {
    /** Requires both (an explicit empty {@code accepted} when it has accepted nothing). */
    public Promise {
      Objects.requireNonNull(ballot, "ballot");
      Objects.requireNonNull(accepted, "accepted");
    }
  }

  /** Phase 2a: a proposer asks the acceptors to accept {@code value} in {@code ballot} (§2.2). */
  record Accept(Ballot ballot, String value) implements PaxosMessage {
    /** Requires both. */
    public Accept {
      Objects.requireNonNull(ballot, "ballot");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * Phase 2b: the acceptor accepted {@code value} in {@code ballot}. Sent to every learner (every
   * node, §2.3) once the acceptance is durable.
   */
  record Accepted(Ballot ballot, String value) implements PaxosMessage {
    /** Requires both. */
    public Accepted {
      Objects.requireNonNull(ballot, "ballot");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * The acceptor ignored a Prepare or Accept for {@code ballot} because it has promised the higher
   * {@code promised}. Not needed for safety; it tells the proposer to abandon its ballot at once
   * rather than wait for a timeout (§2.5: "the acceptor ... should inform the proposer, who should
   * then abandon its proposal").
   */
  record Nack(Ballot ballot, Ballot promised) implements PaxosMessage {
    /** Requires both. */
    public Nack {
      Objects.requireNonNull(ballot, "ballot");
      Objects.requireNonNull(promised, "promised");
    }
  }

  /**
   * The sender has learned that {@code value} is chosen. A learner may tell another (§2.3); a node
   * that knows the outcome answers a Prepare or an Accept with it, which ends a late proposer's
   * attempt in one round trip.
   */
  record Chosen(String value) implements PaxosMessage {
    /** Requires a value. */
    public Chosen {
      Objects.requireNonNull(value, "value");
    }
  }
}
