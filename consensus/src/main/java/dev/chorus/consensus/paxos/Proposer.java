package dev.chorus.consensus.paxos;

import dev.chorus.consensus.paxos.PaxosMessage.Accept;
import dev.chorus.consensus.paxos.PaxosMessage.Nack;
import dev.chorus.consensus.paxos.PaxosMessage.Prepare;
import dev.chorus.consensus.paxos.PaxosMessage.Promise;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The proposer role ("Paxos Made Simple" §2.2, phases 1a and 2a), driven by client requests. One
 * attempt (one ballot) runs at a time and serves every waiting request; a failed attempt is
 * retried with a higher ballot after a randomized backoff (§2.4's dueling proposers).
 *
 * <p>A read is an attempt without a value of its own: if a majority promises and none of them has
 * accepted anything, nothing was chosen when the read was invoked; otherwise the read completes
 * phase 2 with the highest accepted value, which chooses it.
 */
final class Proposer {
  private static final class Waiter {
    final long requestId;
    /** The value to propose, or null for a read. */
    final String value;
    int ageTicks;

    Waiter(long requestId, String value) {
      this.requestId = requestId;
      this.value = value;
    }
  }

  private static final class Attempt {
    final Ballot ballot;
    /** The requests that were waiting when this attempt's Prepare went out. */
    final Set<Long> waitingAtPrepare;
    final Map<String, Optional<Proposal>> promises = new TreeMap<>();
    boolean accepting;
    int elapsedTicks;

    Attempt(Ballot ballot, Set<Long> waitingAtPrepare) {
      this.ballot = ballot;
      this.waitingAtPrepare = waitingAtPrepare;
    }
  }

  private final PaxosCore core;
  private final List<Waiter> waiting = new ArrayList<>();
  private Attempt attempt;
  private int backoffTicks;
  private int failuresInARow;
  private long highestRoundSeen;

  Proposer(PaxosCore core) {
    this.core = core;
  }

  /** The ballot of the attempt in progress, if any. */
  Optional<Ballot> ballot() {
    return attempt == null ? Optional.empty() : Optional.of(attempt.ballot);
  }

  /** A client asks to choose {@code value} (or, with null, to read the outcome). */
  void request(long requestId, String value) {
    Optional<String> chosen = core.chosen();
    if (chosen.isPresent()) {
      core.outbox().answer(new Ready.Decided(requestId, chosen.get()));
      return;
    }
    waiting.add(new Waiter(requestId, value));
    startIfIdle();
  }

  void tick() {
    expireWaiters();
    if (attempt != null) {
      if (++attempt.elapsedTicks >= core.settings().phaseTimeoutTicks()) {
        abandon();
      }
    } else if (backoffTicks > 0 && --backoffTicks == 0) {
      startIfIdle();
    }
  }

  /** Phase 1b answers: with a majority, pick the value and start phase 2 (§2.2). */
  void onPromise(String from, Promise p) {
    if (attempt == null || attempt.accepting || !p.ballot().equals(attempt.ballot)) {
      return;
    }
    attempt.promises.put(from, p.accepted());
    if (attempt.promises.size() < core.majority()) {
      return;
    }
    // P2c: the value must be that of the highest-numbered proposal among the responses, or the
    // proposer's own if none reported one (§2.2). This is what makes a chosen value stick.
    Optional<Proposal> highest = attempt.promises.values().stream().flatMap(Optional::stream)
        .max(Comparator.comparing(Proposal::ballot));
    if (highest.isEmpty()) {
      answerReadsUndecided();
    }
    String value = highest.map(Proposal::value).orElseGet(this::ownValue);
    if (value == null) {
      // Only reads were waiting, and some joined after the Prepare: they need an attempt of their own.
      attempt = null;
      failuresInARow = 0;
      startIfIdle();
      return;
    }
    attempt.accepting = true;
    attempt.elapsedTicks = 0;
    Accept accept = new Accept(attempt.ballot, value);
    for (String acceptor : core.members()) {
      // After every write issued so far is durable, including this node's own promise of the ballot,
      // so that the ballot is never reused after a restart (§2.5).
      core.outbox().sendAfterWrites(acceptor, accept);
    }
  }

  /** An acceptor promised a higher ballot: abandon this one now (§2.5). */
  void onNack(Nack n) {
    highestRoundSeen = Math.max(highestRoundSeen, n.promised().round());
    if (attempt != null && n.ballot().equals(attempt.ballot)) {
      abandon();
    }
  }

  /** The outcome is known: it answers every waiting request. */
  void learned(String value) {
    for (Waiter w : waiting) {
      core.outbox().answer(new Ready.Decided(w.requestId, value));
    }
    waiting.clear();
    attempt = null;
    backoffTicks = 0;
    failuresInARow = 0;
  }

  private void startIfIdle() {
    if (attempt != null || backoffTicks > 0 || waiting.isEmpty()) {
      return;
    }
    // Above every round this node has seen or promised, so above its own earlier ballots too,
    // which its acceptor promised durably before they were used (§2.5).
    highestRoundSeen = Math.max(highestRoundSeen, core.acceptorState().promised().round()) + 1;
    Ballot ballot = new Ballot(highestRoundSeen, core.id());
    Set<Long> present = new TreeSet<>();
    waiting.forEach(w -> present.add(w.requestId));
    attempt = new Attempt(ballot, present);
    Prepare prepare = new Prepare(ballot);
    for (String acceptor : core.members()) {
      core.outbox().sendNow(acceptor, prepare);
    }
  }

  /**
   * A majority promised and none of them had accepted anything: nothing was chosen when the reads
   * waiting before the Prepare were invoked (a value chosen then would have been accepted by a
   * majority, which meets this one). Reads that arrived after the Prepare may have been invoked
   * after a value was chosen, so they wait for the next attempt.
   */
  private void answerReadsUndecided() {
    for (Iterator<Waiter> it = waiting.iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      if (w.value == null && attempt.waitingAtPrepare.contains(w.requestId)) {
        core.outbox().answer(new Ready.Undecided(w.requestId));
        it.remove();
      }
    }
  }

  private String ownValue() {
    return waiting.stream().filter(w -> w.value != null).map(w -> w.value).findFirst().orElse(null);
  }

  private void abandon() {
    attempt = null;
    failuresInARow++;
    int window = core.settings().backoffTicks() << Math.min(failuresInARow - 1, 4);
    backoffTicks = 1 + core.random().nextInt(window);
  }

  private void expireWaiters() {
    int limit = core.settings().requestTimeoutTicks();
    for (Iterator<Waiter> it = waiting.iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      if (++w.ageTicks >= limit) {
        String outcome = w.value == null ? "" : "; the proposed value may still be chosen";
        core.outbox().answer(new Ready.Unavailable(w.requestId, "no decision within " + limit
            + " ticks: no majority of the group answered, or proposers kept pre-empting each other"
            + outcome));
        it.remove();
      }
    }
  }
}
