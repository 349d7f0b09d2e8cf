package dev.chorus.replication.leaderfollower;

/** How a request to the store ended. */
public enum RequestOutcome {
  /** Acknowledged at its offset, as durable as its mode promises. */
  ACKED,
  /** Certainly not written: this replica does not lead; the detail names the leader if known. */
  NOT_LEADER,
  /** Certainly not written: a strict mode lacks the followers it needs. */
  UNAVAILABLE,
  /** Unknown: written here, but not acknowledged in time or leadership was lost. */
  UNKNOWN,
  /**
   * Certainly not done: the session had seen a write that a failover discarded (possible only
   * in ASYNC or downgraded modes), so its guarantees cannot be kept. The client starts a new
   * session (an empty token).
   */
  SESSION_LOST
}
