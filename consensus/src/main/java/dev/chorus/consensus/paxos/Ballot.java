package dev.chorus.consensus.paxos;

import java.util.Comparator;
import java.util.Objects;

/**
 * A ballot (Lamport's "proposal number"): unique and totally ordered, so that two proposers never
 * issue the same one ("Paxos Made Simple" §2.2: "different proposals have different numbers"; §2.5:
 * proposers "choose their numbers from disjoint sets"). Ordered by {@code round}, then by
 * {@code nodeId}; the node id makes ballots of different proposers distinct.
 *
 * @param round how many times proposers have tried, as far as this proposer knows; 0 only in
 *     {@link #ZERO}
 * @param nodeId the proposer that issued it; empty only in {@link #ZERO}
 */
public record Ballot(long round, String nodeId) implements Comparable<Ballot> {
  /** Lower than every ballot a proposer issues: what an acceptor that promised nothing holds. */
  public static final Ballot ZERO = new Ballot(0, "");

  private static final Comparator<Ballot> ORDER =
      Comparator.comparingLong(Ballot::round).thenComparing(Ballot::nodeId);

  /** Validates: a positive round with a node id, or {@link #ZERO}. */
  public Ballot {
    Objects.requireNonNull(nodeId, "nodeId");
    if (round < 0 || (round == 0) != nodeId.isEmpty()) {
      throw new IllegalArgumentException("a ballot is round >= 1 with a node id, or ZERO; got "
          + round + "." + nodeId);
    }
  }

  @Override
  public int compareTo(Ballot other) {
    return ORDER.compare(this, other);
  }

  /** Whether this ballot is ordered after {@code other}. */
  public boolean isAfter(Ballot other) {
    return compareTo(other) > 0;
  }

  /** Whether this ballot is ordered before {@code other}. */
  public boolean isBefore(Ballot other) {
    return compareTo(other) < 0;
  }

  @Override
  public String toString() {
    return round + "." + nodeId;
  }
}
