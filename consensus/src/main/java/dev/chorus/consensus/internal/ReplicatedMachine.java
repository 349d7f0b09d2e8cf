package dev.chorus.consensus.internal;

import dev.chorus.core.Bytes;
import dev.chorus.core.spi.Codecs;
import dev.chorus.core.spi.LeaderStamped;
import dev.chorus.core.spi.StateMachine;
import java.util.Objects;

/**
 * The user's {@link StateMachine} as a {@link RaftNode} drives it: commands, queries, results and
 * snapshots as bytes, through the group's {@link Codecs}. Called on the node's actor only.
 *
 * @param <C> commands
 * @param <Q> queries
 * @param <R> results
 */
public final class ReplicatedMachine<C, Q, R> {
  private final StateMachine<C, Q, R> machine;
  private final Codecs<C, Q, R> codecs;

  /** {@code machine} behind {@code codecs}. */
  public ReplicatedMachine(StateMachine<C, Q, R> machine, Codecs<C, Q, R> codecs) {
    this.machine = Objects.requireNonNull(machine, "machine");
    this.codecs = Objects.requireNonNull(codecs, "codecs");
  }

  /** Applies the command committed at {@code index}; the result's bytes. */
  Bytes apply(long index, Bytes command) {
    return Bytes.of(codecs.results().encode(machine.apply(index, codecs.commands().decode(command.toArray()))));
  }

  /**
   * {@code command} as the leader appends it: with the leader's time written in when the machine
   * is {@link LeaderStamped}, else as it is.
   */
  Bytes stamp(Bytes command, long term, long monotonicMillis) {
    return machine instanceof LeaderStamped stamped
        ? Bytes.of(stamped.stampLeaderTime(command.toArray(), term, monotonicMillis)) : command;
  }

  /** Answers a query from the current state; the result's bytes. */
  Bytes query(Bytes query) {
    return Bytes.of(codecs.results().encode(machine.query(codecs.queries().decode(query.toArray()))));
  }

  /**
   * Answers a query from this node's own {@code RaftGroup<C, Q, R>}, which made this machine:
   * the query is a {@code Q} and the result is returned as the machine made it (the {@link
   * StateMachine} contract has query results immutable, so they may leave the actor).
   */
  @SuppressWarnings("unchecked")
  Object queryLocal(Object query) {
    return machine.query((Q) query);
  }

  /** The state, encoded by the user's machine. */
  Bytes snapshot() {
    return Bytes.of(machine.snapshot());
  }

  /** Replaces the state with a snapshot's. */
  void restore(Bytes snapshot) {
    machine.restore(snapshot.toArray());
  }
}
