package dev.chorus.testkit.check;

/**
 * A sequential specification: the state machine a history's operations are checked against.
 * Users implement it for their own state machines.
 *
 * <p>Contract: states are immutable values with {@code equals} and {@code hashCode} (the checker
 * memoizes on them); {@link #step} is a pure function, deterministic, and never mutates its
 * argument.
 *
 * @param <S> the state type
 */
public interface Model<S> {
  /** The model's name, as given to {@code chorus check --model}. */
  String name();

  /** The state before any operation. */
  S init();

  /**
   * The state after {@code op} takes effect in {@code state}, or null when it cannot: its
   * recorded result contradicts the state (a read that returned another value, a cas whose
   * expected value is not there). When the outcome is unknown ({@link Operation#isInfo()}), the
   * result is unknown too and any result fits; an operation that would then have no effect (an
   * unknown cas that does not match) may return null, since "no effect" is already covered by
   * the operation never taking effect.
   *
   * @throws UnsupportedOperationException if the model has no operation {@code op.f()}
   * @throws IllegalArgumentException if the operation's value is not of the model's shape
   */
  S step(S state, Operation op);

  /** The state as a person reads it, for explanations. */
  default String describe(S state) {
    return String.valueOf(state);
  }
}
