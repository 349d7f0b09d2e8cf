package dev.chorus.testkit.sim;

/**
 * A protocol core as the simulator sees it: a pure, deterministic state machine with no I/O, no
 * threads and no clock. The simulator feeds it inputs one at a time and carries out the
 * {@link Effects} each input returns, in the same spirit as etcd-raft's {@code Step}, {@code Tick}
 * and {@code Ready}.
 *
 * <p>Contract:
 * <ul>
 *   <li><b>Single-threaded.</b> Methods are called from one thread, one at a time.
 *   <li><b>Deterministic.</b> Given the same {@link Incarnation} and the same inputs, a node returns
 *       the same effects. It draws randomness only from {@link Incarnation#random()}, never from
 *       {@code new Random()}, {@code Math.random()}, the wall clock or hash iteration order of
 *       identity-hashed objects; otherwise a seed no longer reproduces its run.
 *   <li><b>Time is ticks.</b> {@link #onTick()} is called every tick interval of simulated time;
 *       the node counts ticks (election timeouts, retransmissions) and never reads a clock.
 *   <li><b>Durability is asynchronous.</b> A {@link DurableWrite} returned in the effects becomes
 *       durable later, in the order the node issued it; {@link #onPersisted(long)} then reports its
 *       token. Writes issued but not yet reported are lost if the node crashes. A node that must
 *       not acknowledge something before it is durable waits for {@code onPersisted}.
 *   <li><b>Crash.</b> A crash discards the node object; there is no callback. The node comes back
 *       through its {@link SimNodeFactory} with only its completed writes.
 *   <li><b>Failures.</b> A node that throws fails the run; the failure names the seed.
 * </ul>
 *
 * <p>A Raft core in etcd-raft's shape maps onto this directly: {@code Step} is
 * {@link #onMessage}, {@code Tick} is {@link #onTick}, and the {@code Ready} it would return is the
 * {@link Effects}: new log entries and hard state as {@link DurableWrite}s (a follower's conflicting
 * tail as a truncation), messages to send, and replies to clients once entries are applied. The
 * log lives in its own persistent actor in Chorus and reports completed writes asynchronously;
 * here that report is {@link #onPersisted}, on which a follower acknowledges appended entries.
 *
 * <p>Messages, commands and durable records must be immutable values with a deterministic
 * {@code toString()} (records of values qualify): the trace hash is computed from it.
 *
 * @param <M> the protocol's message type
 */
public interface SimNode<M> {
  /** A message from {@code from} (possibly this node itself) arrived. */
  Effects<M> onMessage(String from, M message);

  /** One tick of simulated time passed. */
  Effects<M> onTick();

  /** The write this node issued with {@code token} is now durable. */
  Effects<M> onPersisted(long token);

  /**
   * A client asks this node to carry out {@code command}. The node answers later (or in these
   * effects) with exactly one {@link Effects.ClientReply} for {@code requestId}; a reply after the
   * client gave up is ignored. Each request id arrives at most once.
   */
  Effects<M> onClientRequest(long requestId, Command command);
}
