package dev.chorus.consensus.paxos;

import java.util.Objects;

/**
 * A value proposed in a ballot ("Paxos Made Simple" §2.2: "a proposal consists of a number and a
 * value"). An acceptor that accepted it holds it as its vote.
 *
 * @param ballot the ballot it was proposed in
 * @param value the value: opaque to Paxos, compared with {@code equals}
 */
public record Proposal(Ballot ballot, String value) {
  /** Requires both. */
  public Proposal {
    Objects.requireNonNull(ballot, "ballot");
    Objects.requireNonNull(value, "value");
  }
}
