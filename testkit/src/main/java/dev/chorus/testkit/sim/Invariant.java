package dev.chorus.testkit.sim;

/**
 * A safety property checked after every step of a run, apart from the code under test (as in
 * TigerBeetle's VOPR state checker). It reads the nodes through the view and throws (an
 * {@link AssertionError} or a runtime exception, with a message that says what broke) to fail the
 * run; the run's failure then names the seed.
 *
 * <p>Must not change the nodes and must be deterministic. An invariant may keep its own state
 * across steps (for example the highest commit index seen per node) if it is created per run.
 *
 * @param <N> the node type
 */
@FunctionalInterface
public interface Invariant<N> {
  /** Checks the system after a step. */
  void check(SimView<N> view);

  /** No checks. */
  static <N> Invariant<N> none() {
    return view -> {};
  }
}
