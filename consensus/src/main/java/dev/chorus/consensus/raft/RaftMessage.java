package dev.chorus.consensus.raft;

import dev.chorus.consensus.Membership;
import dev.chorus.core.Bytes;
import java.util.List;

/**
 * The messages Raft nodes exchange (Ongaro and Ousterhout 2014, Figure 2; Ongaro's thesis §9.6
 * for pre-vote). Every message carries the sender's term; the sender is given beside it.
 */
public sealed interface RaftMessage {
  /** The sender's term (for a pre-vote request: the term it would stand in). */
  long term();

  /**
   * A candidate asks for a vote (§5.2), or, with {@code preVote}, asks whether it could win one
   * without disrupting the cluster (thesis §9.6). {@code transfer} marks an election a leader
   * asked for (thesis §3.10), which voters grant even while they hear from that leader.
   */
  record VoteRequest(long term, long lastLogIndex, long lastLogTerm, boolean preVote, boolean transfer)
      implements RaftMessage {}

  /** A vote, or a pre-vote, granted or not. */
  record VoteResponse(long term, boolean granted, boolean preVote) implements RaftMessage {}

  /**
   * The leader replicates {@code entries} after ({@code prevIndex}, {@code prevTerm}), or sends a
   * heartbeat when there are none (§5.3), and says how far it has committed. {@code round} is the
   * leader's heartbeat round when it sent this; the answer echoes it, so that the leader knows a
   * quorum still followed it after that round began (ReadIndex and leases, thesis §6.4).
   */
  record Append(long term, long prevIndex, long prevTerm, List<Entry> entries, long commit, long round)
      implements RaftMessage {
    /** Copies the entries. */
    public Append {
      entries = List.copyOf(entries);
    }

    /** The index of the last entry this message carries (prevIndex for a heartbeat). */
    public long lastIndex() {
      return prevIndex + entries.size();
    }
  }

  /**
   * The follower's answer. On success, {@code matchIndex} is the last index known to match the
   * leader's log (durable on the follower). On rejection, {@code conflictTerm} and
   * {@code conflictIndex} let the leader skip back a whole term at once: the term the follower has
   * at prevIndex and the first index of that term, or 0 and its last index + 1 when its log is too
   * short (the optimisation of §5.3, as in etcd and Ratis). {@code round} echoes the request's.
   */
  record AppendResponse(long term, boolean success, long matchIndex, long conflictTerm, long conflictIndex,
      long round) implements RaftMessage {}

  /** A follower asks the leader for a read index on behalf of its client (thesis §6.4). */
  record ReadIndexRequest(long term, long readId) implements RaftMessage {}

  /**
   * The leader's answer: reads at {@code index} are linearizable once applied, or, when not
   * {@code ok}, it could not confirm its leadership and the follower's client must retry.
   */
  record ReadIndexResponse(long term, long readId, long index, boolean ok) implements RaftMessage {}

  /**
   * One chunk of the leader's snapshot for a follower whose next entry was compacted away (§7).
   * Chunks go in order; {@code done} marks the last.
   */
  record InstallSnapshot(long term, long index, long snapshotTerm, Membership config, long offset,
      Bytes chunk, boolean done) implements RaftMessage {}

  /**
   * The follower's answer: the offset of the next byte it wants of the snapshot at
   * {@code index} (after the last chunk: the snapshot's size, and {@code installed}).
   */
  record InstallSnapshotResponse(long term, long index, long nextOffset, boolean installed)
      implements RaftMessage {}

  /** The leader asks this follower to start an election now (thesis §3.10). */
  record TimeoutNow(long term) implements RaftMessage {}
}
