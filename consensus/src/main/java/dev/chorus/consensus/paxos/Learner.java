package dev.chorus.consensus.paxos;

import dev.chorus.consensus.paxos.PaxosMessage.Accepted;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The learner role ("Paxos Made Simple" §2.3): a value is chosen once a majority of acceptors
 * accepted it in the same ballot, and then it is chosen forever. Every node learns; each acceptor
 * tells every node when it accepts.
 */
final class Learner {
  private static final class Tally {
    final String value;
    final TreeSet<String> acceptors = new TreeSet<>();

    Tally(String value) {
      this.value = value;
    }
  }

  private final PaxosCore core;
  private final Map<Ballot, Tally> tallies = new TreeMap<>();
  private String chosen;

  Learner(PaxosCore core) {
    this.core = core;
  }

  Optional<String> chosen() {
    return Optional.ofNullable(chosen);
  }

  /**
   * Counts an acceptance; a majority in one ballot decides.
   *
   * @throws IllegalStateException if one ballot is reported with two values
   */
  void onAccepted(String from, Accepted a) {
    if (chosen != null) {
      return;
    }
    Tally tally = tallies.computeIfAbsent(a.ballot(), b -> new Tally(a.value()));
    if (!tally.value.equals(a.value())) {
      throw new IllegalStateException("ballot " + a.ballot() + " was accepted with two values: "
          + tally.value + " and " + a.value() + "; ballots must be unique (§2.2)");
    }
    tally.acceptors.add(from);
    if (tally.acceptors.size() >= core.majority()) {
      learn(a.value());
      // Tell the others, in case some of the acceptors' messages to them were lost (§2.3).
      for (String peer : core.peers()) {
        core.outbox().sendNow(peer, new PaxosMessage.Chosen(a.value()));
      }
    }
  }

  /** Another node learned {@code value} (§2.3: learners may tell each other). */
  void onChosen(PaxosMessage.Chosen c) {
    learn(c.value());
  }

  /**
   * Records the decision.
   *
   * @throws IllegalStateException if a different value was learned before: Paxos's safety
   *     property ("only a single value is chosen", §2.1) broke
   */
  private void learn(String value) {
    if (chosen != null) {
      if (!chosen.equals(value)) {
        throw new IllegalStateException("two values chosen: " + chosen + " and then " + value
            + " (Paxos Made Simple §2.1: only a single value is chosen)");
      }
      return;
    }
    chosen = value;
    tallies.clear();
    core.learned(value);
  }
}
