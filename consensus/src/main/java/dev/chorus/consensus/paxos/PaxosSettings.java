package dev.chorus.consensus.paxos;

/**
 * The knobs of one Paxos group, in ticks (the core never reads a clock).
 *
 * @param phaseTimeoutTicks how long a proposer waits for a majority in one phase before it
 *     abandons its ballot and retries with a higher one
 * @param backoffTicks the base of the randomized backoff before a retry: after the k-th failed
 *     attempt in a row the proposer waits a number of ticks drawn uniformly from
 *     [1, backoffTicks * 2^min(k-1, 4)], so that dueling proposers drift apart ("Paxos Made Simple"
 *     §2.4 shows that two proposers can otherwise pre-empt each other forever)
 * @param requestTimeoutTicks how long a client request may wait before the core gives up on it and
 *     answers {@link Ready.Unavailable}; at least {@code phaseTimeoutTicks}
 */
public record PaxosSettings(int phaseTimeoutTicks, int backoffTicks, int requestTimeoutTicks) {
  /**
   * Validates.
   *
   * @throws IllegalArgumentException naming the knob that is out of range
   */
  public PaxosSettings {
    if (phaseTimeoutTicks < 1) {
      throw new IllegalArgumentException("phaseTimeoutTicks must be at least 1, got " + phaseTimeoutTicks);
    }
    if (backoffTicks < 1) {
      throw new IllegalArgumentException("backoffTicks must be at least 1, got " + backoffTicks);
    }
    if (requestTimeoutTicks < phaseTimeoutTicks) {
      throw new IllegalArgumentException("requestTimeoutTicks must be at least phaseTimeoutTicks ("
          + phaseTimeoutTicks + "), got " + requestTimeoutTicks);
    }
  }

  /** A phase times out after 10 ticks, backoff from 5 ticks, requests give up after 200 ticks. */
  public static PaxosSettings defaults() {
    return new PaxosSettings(10, 5, 200);
  }
}
