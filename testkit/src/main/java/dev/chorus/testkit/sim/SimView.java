package dev.chorus.testkit.sim;

import java.util.List;
import java.util.Optional;

/**
 * Read access to a running simulation, for {@link Invariant}s and convergence conditions. Valid
 * only during the call it is passed to.
 *
 * @param <N> the node type
 */
public interface SimView<N> {
  /** The run's seed. */
  long seed();

  /** Simulated time since the start of the run, in nanoseconds. */
  long nowNanos();

  /** Steps taken so far, this one included. */
  long steps();

  /** Whether the run is in its safety phase (faults on) rather than its liveness phase. */
  boolean faultsActive();

  /** Every node's id, in member order. */
  List<String> nodeIds();

  /** The running incarnation of {@code nodeId}, or empty while it is down. */
  Optional<N> node(String nodeId);

  /** The records of {@code nodeId}'s completed writes, oldest first. */
  List<Object> durable(String nodeId);

  /** Whether messages from {@code from} to {@code to} currently get through a partition. */
  boolean connected(String from, String to);
}
