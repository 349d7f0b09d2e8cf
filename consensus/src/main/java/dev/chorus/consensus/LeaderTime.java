package dev.chorus.consensus;

/**
 * When the leader appended an entry, by the leader's own clock (thesis §6.3: "the leader
 * augments each command that it appends to the Raft log with its current time"). {@code millis}
 * is a monotonic reading, meaningful only against other readings of the same {@code term}'s
 * leader: no two nodes' monotonic clocks are compared, and no wall clock is read.
 *
 * @param term the term of the leader that stamped the entry; 0 when unstamped
 * @param millis that leader's monotonic clock, in milliseconds
 */
public record LeaderTime(long term, long millis) {
  /** What a submitter puts in: the leader's host overwrites it as it appends the entry. */
  public static final LeaderTime UNSTAMPED = new LeaderTime(0, 0);

  /** Validates. */
  public LeaderTime {
    if (term < 0) {
      throw new IllegalArgumentException("a term is never negative, got " + term);
    }
  }

  /** Whether a leader stamped this. */
  public boolean stamped() {
    return term > 0;
  }
}
