package dev.chorus.core.spi;

/**
 * The user's replicated state machine (Raft §2): every node applies the same commands in the
 * same order and so holds the same state. Every store hosts the same SPI: a Raft group
 * ({@code dev.chorus.consensus.RaftGroups}) and the leader-follower store
 * ({@code dev.chorus.replication.leaderfollower.ReplicatedStore}) apply commands to it in their
 * log's order.
 *
 * <p>Contract:
 * <ul>
 *   <li><b>Deterministic.</b> {@link #apply} depends only on the state and the command: no clock,
 *       no randomness, no I/O whose result can differ between nodes.
 *   <li><b>Exactly once per index, in order.</b> Chorus calls {@code apply} once for each
 *       committed (Raft) or logged (leader-follower) index, ascending, on one thread; after
 *       {@link #restore} it continues from the snapshot's index.
 *   <li><b>Refusing a command.</b> {@code apply} may throw a runtime exception to refuse a
 *       command, but only deterministically (every member throws for it) and before it changes
 *       any state. The index then counts as applied with no effect, the submit fails with an
 *       {@link IllegalArgumentException} carrying the message, and the store goes on.
 *   <li><b>Must not block.</b> It runs on the hosting node's actor.
 *   <li><b>Queries do not change state.</b> {@link #query} serves reads at the consistency level
 *       the caller asked for; it may be called between applies. Its results are immutable.
 * </ul>
 *
 * @param <C> commands, which change state
 * @param <Q> queries, which read it
 * @param <R> results of both
 */
public interface StateMachine<C, Q, R> {
  /** Applies the command committed at {@code index} and returns its result. */
  R apply(long index, C command);

  /**
   * Answers {@code query} from the current state. The result goes to a caller on this node as the
   * object it is, not a copy, and is used on another thread: return an immutable value (as a
   * record of strings and numbers is), never a view of the state.
   */
  R query(Q query);

  /** The state as of the last applied index, encoded; may be replayed on another node. */
  byte[] snapshot();

  /** Replaces the state with {@code snapshot}'s (one made by {@link #snapshot}). */
  void restore(byte[] snapshot);
}
