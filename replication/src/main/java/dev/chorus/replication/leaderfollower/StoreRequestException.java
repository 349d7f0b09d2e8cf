package dev.chorus.replication.leaderfollower;

import java.util.Objects;
import java.util.Optional;

/**
 * A request to a {@link ReplicatedStore} that was not done, or whose outcome is unknown.
 * {@link #outcome()} says which:
 * <ul>
 *   <li>{@code NOT_LEADER}: certainly not done; retry at {@link #leaderHint()}, if known;
 *   <li>{@code UNAVAILABLE}: certainly not done; the store lacks the followers a strict mode
 *       needs, has no ready leader, or this replica is behind the session: retry later or elsewhere;
 *   <li>{@code SESSION_LOST}: certainly not done; a failover discarded what the session had seen
 *       (only in ASYNC or downgraded modes): start a new session, with an empty token;
 *   <li>{@code UNKNOWN}: the write may or may not take effect; read to find out.
 * </ul>
 */
public final class StoreRequestException extends RuntimeException {
  private final String store;
  private final RequestOutcome outcome;
  private final String detail;

  /** For {@code store}, with the core's {@code outcome} and {@code detail} (may be null). */
  public StoreRequestException(String store, RequestOutcome outcome, String detail) {
    super(message(store, outcome, detail));
    this.store = Objects.requireNonNull(store, "store");
    if (outcome == RequestOutcome.ACKED) {
      throw new IllegalArgumentException("an acknowledged request is not an error");
    }
    this.outcome = Objects.requireNonNull(outcome, "outcome");
    this.detail = detail;
  }

  private static String message(String store, RequestOutcome outcome, String detail) {
    String why = switch (outcome) {
      case NOT_LEADER -> "this replica does not lead" + (detail == null ? "; no leader known yet" : "; try " + detail);
      case UNAVAILABLE -> "unavailable" + (detail == null ? "" : ": " + detail);
      case SESSION_LOST -> "session lost" + (detail == null ? "" : ": " + detail);
      case UNKNOWN -> "outcome unknown" + (detail == null ? "" : " (" + detail + ")");
      case ACKED -> "acknowledged";
    };
    return "store " + store + ": " + why;
  }

  /** The store's name. */
  public String store() {
    return store;
  }

  /** How the request ended. */
  public RequestOutcome outcome() {
    return outcome;
  }

  /** The node id of the replica believed to lead, for {@code NOT_LEADER}, if known. */
  public Optional<String> leaderHint() {
    return outcome == RequestOutcome.NOT_LEADER ? Optional.ofNullable(detail) : Optional.empty();
  }

  /** Whether the request was certainly not done (every outcome but {@code UNKNOWN}). */
  public boolean certainlyNotDone() {
    return outcome != RequestOutcome.UNKNOWN;
  }
}
