package dev.chorus.consensus.paxos;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An acceptor's durable state ("Paxos Made Simple" §2.5): the highest ballot it promised, and the
 * highest-numbered proposal it accepted. Immutable; the transitions return new states.
 *
 * @param promised the highest ballot promised, {@link Ballot#ZERO} if none; never below the
 *     accepted proposal's ballot
 * @param accepted the highest-numbered proposal accepted, if any
 */
public record AcceptorState(Ballot promised, Optional<Proposal> accepted) {
  /** An acceptor that has promised and accepted nothing. */
  public static final AcceptorState INITIAL = new AcceptorState(Ballot.ZERO, Optional.empty());

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if the accepted ballot is above the promised one
   */
  public AcceptorState {
    Objects.requireNonNull(promised, "promised");
    Objects.requireNonNull(accepted, "accepted");
    if (accepted.isPresent() && accepted.get().ballot().isAfter(promised)) {
      throw new IllegalArgumentException("accepted " + accepted.get() + " above promised " + promised);
    }
  }

  /** The state after {@code event}. */
  public AcceptorState apply(PaxosEvent event) {
    if (event instanceof PaxosEvent.Promised p) {
      return new AcceptorState(max(promised, p.ballot()), accepted);
    }
    Proposal vote = ((PaxosEvent.Voted) event).proposal();
    return new AcceptorState(max(promised, vote.ballot()), Optional.of(vote));
  }

  /** The state the {@code events} leave, replayed in order from {@link #INITIAL}. */
  public static AcceptorState replay(List<PaxosEvent> events) {
    AcceptorState state = INITIAL;
    for (PaxosEvent e : events) {
      state = state.apply(e);
    }
    return state;
  }

  private static Ballot max(Ballot a, Ballot b) {
    return a.isAfter(b) ? a : b;
  }
}
