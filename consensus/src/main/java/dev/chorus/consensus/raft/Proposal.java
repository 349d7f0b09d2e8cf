package dev.chorus.consensus.raft;

/** What became of a proposal ({@link RaftCore#propose}, {@link RaftCore#changeMembership}). */
public sealed interface Proposal {
  /**
   * Appended at {@code index} in {@code term}; carry out {@code ready}. It is committed if an entry
   * of this term is later applied at that index.
   */
  record Appended(long index, long term, Ready ready) implements Proposal {}

  /**
   * Not taken: this node does not lead, or hands leadership over (thesis §3.10). Clients go to
   * {@code leaderHint}, when there is one (null otherwise).
   */
  record NotLeader(String leaderHint) implements Proposal {}
}
