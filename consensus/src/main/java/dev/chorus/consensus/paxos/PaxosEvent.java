package dev.chorus.consensus.paxos;

import dev.chorus.core.ChorusSerializable;
import java.util.Objects;

/**
 * What an acceptor writes to durable storage ("Paxos Made Simple" §2.5: "an acceptor must remember
 * this information even if it fails and then restarts"). Replaying a node's events in order
 * rebuilds its acceptor state; see {@link AcceptorState#replay}.
 *
 * <p>Events are stored through Jackson CBOR ({@link ChorusSerializable}), by type name (given
 * outside the core, in {@code paxos.internal.PaxosJacksonModule}).
 *
 * <p>The events also keep the proposer's ballots unique across restarts: a proposer promises its
 * own ballot on its own acceptor before it asks anyone to accept in it, and after a restart it
 * starts above everything its acceptor promised (§2.5: each proposer "remembers (in stable storage)
 * the highest-numbered proposal it has tried to issue").
 */
public sealed interface PaxosEvent extends ChorusSerializable {
  /** The acceptor promised not to accept anything numbered below {@code ballot}. */
  record Promised(Ballot ballot) implements PaxosEvent {
    /** Requires a ballot. */
    public Promised {
      Objects.requireNonNull(ballot, "ballot");
    }
  }

  /** The acceptor accepted {@code proposal}, which also promises its ballot. */
  record Voted(Proposal proposal) implements PaxosEvent {
    /** Requires a proposal. */
    public Voted {
      Objects.requireNonNull(proposal, "proposal");
    }
  }
}
