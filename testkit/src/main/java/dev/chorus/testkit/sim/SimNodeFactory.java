package dev.chorus.testkit.sim;

/**
 * Starts a node: at the beginning of a run, and again after each crash, with only the durable
 * records whose writes completed before the crash.
 *
 * <p>Must be deterministic: it builds the node from the {@link Incarnation} alone.
 *
 * @param <N> the node type, so invariants can read its state without casts
 */
@FunctionalInterface
public interface SimNodeFactory<N extends SimNode<?>> {
  /** A node recovered from {@code incarnation}'s durable records. */
  N start(Incarnation incarnation);
}
