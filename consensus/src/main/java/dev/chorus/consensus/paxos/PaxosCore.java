package dev.chorus.consensus.paxos;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;

/**
 * One node of one Paxos group deciding one value: single-decree Paxos, the Synod algorithm
 * (Lamport, "Paxos Made Simple", ACM SIGACT News 32(4), 2001, §2), as a write-once register. The
 * node plays all three roles: proposer ({@link Proposer}), acceptor ({@link Acceptor}) and learner
 * ({@link Learner}).
 *
 * <p>A pure state machine: no I/O, no threads, no clock. Time is {@link #tick()}, randomness is
 * the injected {@link Random} (only for the retry backoff), and every input returns a
 * {@link Ready} for the host to carry out. Given the same recovered state, the same random seed
 * and the same inputs, it returns the same outputs.
 *
 * <p>Guarantees, given that the host carries out each {@code Ready} as its contract says and
 * reports writes durable only once they are:
 * <ul>
 *   <li>Safety (§2.1): at most one value is ever chosen, it is one that some client proposed, and a
 *       node never learns a value that was not chosen; across crashes too, since an acceptor
 *       answers only from durable state.
 *   <li>Liveness: with a majority of the group up and connected, every request is answered;
 *       dueling proposers separate through randomized backoff (§2.4), with probability 1.
 * </ul>
 *
 * <p>Not thread-safe: one host calls it from one thread.
 */
public final class PaxosCore {
  private final String self;
  private final List<String> members;
  private final List<String> peers;
  private final PaxosSettings settings;
  private final Random random;
  private final Outbox outbox;
  private final Acceptor acceptor;
  private final Proposer proposer;
  private final Learner learner;

  private PaxosCore(String self, Collection<String> members, PaxosSettings settings, Random random,
      AcceptorState recovered) {
    this.self = Objects.requireNonNull(self, "self");
    this.members = List.copyOf(new TreeSet<>(members));
    if (!this.members.contains(self)) {
      throw new IllegalArgumentException(self + " is not among the members " + this.members);
    }
    this.peers = this.members.stream().filter(m -> !m.equals(self)).toList();
    this.settings = Objects.requireNonNull(settings, "settings");
    this.random = Objects.requireNonNull(random, "random");
    this.outbox = new Outbox(self);
    this.acceptor = new Acceptor(this, recovered);
    this.proposer = new Proposer(this);
    this.learner = new Learner(this);
  }

  /**
   * A node recovered from its durable events, oldest first (empty for a new node).
   *
   * @param self this node's id, one of {@code members}
   * @param members every node of the group, this one included; the same set on every node
   * @param settings the group's timeouts
   * @param random the only randomness the core uses
   * @param durable the events of every write this node completed, in order
   * @throws IllegalArgumentException if {@code self} is not a member
   */
  public static PaxosCore recover(String self, Collection<String> members, PaxosSettings settings,
      Random random, List<PaxosEvent> durable) {
    return recover(self, members, settings, random, AcceptorState.replay(durable));
  }

  /**
   * A node recovered from its acceptor state as it was durable (for a host whose storage folds the
   * events itself, such as an event-sourced actor).
   *
   * @throws IllegalArgumentException if {@code self} is not a member
   */
  public static PaxosCore recover(String self, Collection<String> members, PaxosSettings settings,
      Random random, AcceptorState durable) {
    return new PaxosCore(self, members, settings, random, Objects.requireNonNull(durable, "durable"));
  }

  // ---- inputs ----

  /** One tick of time passed. */
  public Ready tick() {
    proposer.tick();
    return drain();
  }

  /**
   * A message from {@code from} arrived. Messages from non-members are dropped. Duplicated,
   * reordered, late and lost messages are all safe.
   *
   * @throws IllegalStateException if the message proves that safety broke elsewhere (one ballot
   *     with two values, or a second chosen value): a bug or a lost durable write, never to be
   *     ignored
   */
  public Ready receive(String from, PaxosMessage m) {
    if (members.contains(from) && !from.equals(self)) {
      dispatch(from, m);
    }
    return drain();
  }

  /**
   * The write with {@code token}, and every earlier one, is durable: the answers that waited for
   * it are released.
   *
   * @throws IllegalStateException if no write with that token was issued
   */
  public Ready persisted(long token) {
    outbox.completed(token);
    return drain();
  }

  /**
   * A client proposes {@code value}. Answered exactly once, in this or a later {@code Ready}: with
   * {@link Ready.Decided} carrying the chosen value (this one, or another that won), or with
   * {@link Ready.Unavailable} after {@link PaxosSettings#requestTimeoutTicks()}, in which case the
   * value may or may not be chosen.
   *
   * @param requestId the host's id for the request, unique among its requests
   */
  public Ready propose(long requestId, String value) {
    proposer.request(requestId, Objects.requireNonNull(value, "value"));
    return drain();
  }

  /**
   * A client reads the register, linearizably. Answered exactly once: {@link Ready.Decided} with
   * the chosen value, {@link Ready.Undecided} if nothing was chosen when the read was invoked, or
   * {@link Ready.Unavailable}. A node that has not learned the outcome runs a round to find it,
   * which may itself choose a value that a majority already accepted.
   */
  public Ready read(long requestId) {
    proposer.request(requestId, null);
    return drain();
  }

  // ---- queries ----

  /** This node's id. */
  public String id() {
    return self;
  }

  /** Every node of the group, sorted. */
  public List<String> members() {
    return members;
  }

  /** The chosen value, once this node has learned it; empty until then. */
  public Optional<String> chosen() {
    return learner.chosen();
  }

  /**
   * The acceptor's state, including writes not yet durable: what it will hold once the writes
   * issued so far complete.
   */
  public AcceptorState acceptorState() {
    return acceptor.state();
  }

  /** The ballot this node is proposing in right now, if any. */
  public Optional<Ballot> ballot() {
    return proposer.ballot();
  }

  @Override
  public String toString() {
    return self + "[promised=" + acceptor.state().promised() + " accepted="
        + acceptor.state().accepted().map(Proposal::toString).orElse("-") + " chosen="
        + chosen().orElse("-") + " ballot=" + ballot().map(Ballot::toString).orElse("-") + "]";
  }

  // ---- for the roles ----

  private void dispatch(String from, PaxosMessage m) {
    if (m instanceof PaxosMessage.Prepare p) {
      acceptor.onPrepare(from, p);
    } else if (m instanceof PaxosMessage.Accept a) {
      acceptor.onAccept(from, a);
    } else if (m instanceof PaxosMessage.Promise p) {
      proposer.onPromise(from, p);
    } else if (m instanceof PaxosMessage.Nack n) {
      proposer.onNack(n);
    } else if (m instanceof PaxosMessage.Accepted a) {
      learner.onAccepted(from, a);
    } else {
      learner.onChosen((PaxosMessage.Chosen) m);
    }
  }

  /** Delivers what this node sent itself, then hands out the rest. */
  private Ready drain() {
    for (PaxosMessage m = outbox.nextLoopback(); m != null; m = outbox.nextLoopback()) {
      dispatch(self, m);
    }
    return outbox.drain();
  }

  void learned(String value) {
    proposer.learned(value);
  }

  Outbox outbox() {
    return outbox;
  }

  List<String> peers() {
    return peers;
  }

  int majority() {
    return members.size() / 2 + 1;
  }

  PaxosSettings settings() {
    return settings;
  }

  Random random() {
    return random;
  }
}
