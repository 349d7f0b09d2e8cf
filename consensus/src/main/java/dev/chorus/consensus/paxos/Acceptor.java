package dev.chorus.consensus.paxos;

import dev.chorus.consensus.paxos.PaxosMessage.Accept;
import dev.chorus.consensus.paxos.PaxosMessage.Accepted;
import dev.chorus.consensus.paxos.PaxosMessage.Nack;
import dev.chorus.consensus.paxos.PaxosMessage.Prepare;
import dev.chorus.consensus.paxos.PaxosMessage.Promise;
import java.util.Optional;

/**
 * The acceptor role ("Paxos Made Simple" §2.2, phases 1b and 2b). Every answer that reveals or
 * depends on its state goes out only once that state is durable (§2.5).
 */
final class Acceptor {
  private final PaxosCore core;
  private AcceptorState state;

  Acceptor(PaxosCore core, AcceptorState recovered) {
    this.core = core;
    this.state = recovered;
  }

  AcceptorState state() {
    return state;
  }

  /**
   * Whether a Prepare or Accept for {@code ballot} from {@code from} is answered without a vote:
   * by the chosen value, if one is known, or by a Nack if a higher ballot was promised (§2.5).
   */
  private boolean refuses(String from, Ballot ballot) {
    if (answeredByChosen(from)) {
      return true;
    }
    if (ballot.isBefore(state.promised())) {
      core.outbox().sendNow(from, new Nack(ballot, state.promised()));
      return true;
    }
    return false;
  }

  /**
   * P1a: "an acceptor can accept a proposal numbered n iff it has not responded to a prepare
   * request having a number greater than n"; so it promises any ballot not below its promise, and
   * reports its highest-numbered accepted proposal (§2.2, phase 1b). An equal ballot is a
   * retransmission and gets the same promise again.
   */
  void onPrepare(String from, Prepare p) {
    if (refuses(from, p.ballot())) {
      return;
    }
    if (p.ballot().isAfter(state.promised())) {
      persist(new PaxosEvent.Promised(p.ballot()));
    }
    core.outbox().sendAfterWrites(from, new Promise(p.ballot(), state.accepted()));
  }

  /**
   * Phase 2b: accept unless a higher ballot was promised (§2.2), and tell every learner (§2.3).
   *
   * @throws IllegalStateException if one ballot arrives with two different values, which unique
   *     ballots rule out
   */
  void onAccept(String from, Accept a) {
    if (refuses(from, a.ballot())) {
      return;
    }
    Proposal proposal = new Proposal(a.ballot(), a.value());
    Optional<Proposal> held = state.accepted();
    if (held.isPresent() && held.get().ballot().equals(a.ballot()) && !held.get().equals(proposal)) {
      throw new IllegalStateException("ballot " + a.ballot() + " carried two values: "
          + held.get().value() + " and " + a.value() + "; ballots must be unique (§2.2)");
    }
    if (!held.equals(Optional.of(proposal))) {
      persist(new PaxosEvent.Voted(proposal));
    }
    for (String learner : core.members()) {
      core.outbox().sendAfterWrites(learner, new Accepted(a.ballot(), a.value()));
    }
  }

  /**
   * Once the outcome is known, a late Prepare or Accept is answered with it: a fact, durable on a
   * majority, that ends the sender's attempt at once.
   */
  private boolean answeredByChosen(String from) {
    Optional<String> chosen = core.chosen();
    chosen.ifPresent(v -> core.outbox().sendNow(from, new PaxosMessage.Chosen(v)));
    return chosen.isPresent();
  }

  private void persist(PaxosEvent event) {
    state = state.apply(event);
    core.outbox().write(event);
  }
}
