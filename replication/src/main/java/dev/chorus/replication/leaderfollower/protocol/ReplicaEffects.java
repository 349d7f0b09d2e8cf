package dev.chorus.replication.leaderfollower.protocol;

import dev.chorus.replication.leaderfollower.LogPosition;
import dev.chorus.replication.leaderfollower.RequestOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the core asks its host to do after one input: start these durable writes (report each
 * with {@code persisted(token)}, in order), send these messages, answer these clients, and, when
 * {@code askLease >= 0}, ask {@code LeaderElection} for the store's lease, reporting the answer
 * with {@code leaseGranted(token, askLease)} or {@code leaseHeldBy(holder)}.
 *
 * and, when {@code releaseLease}, give the lease up ({@code LeaderElection}'s release).
 *
 * @param askLease the tick at which the lease is asked for (the holder's own clock), or -1
 * @param releaseLease whether to release the store's lease (a planned switchover)
 */
public record ReplicaEffects(List<Write> writes, List<Send> sends, List<Reply> replies, long askLease,
    boolean releaseLease) {
  /** Copies. */
  public ReplicaEffects {
    writes = List.copyOf(writes);
    sends = List.copyOf(sends);
    replies = List.copyOf(replies);
  }

  /**
   * A durable write: replace the whole durable state by {@code image} (null: keep it), cut the
   * log back to {@code keepThrough} (-1: no cut), append {@code records}, and remember
   * {@code marker} (null: none).
   */
  public record Write(long token, long keepThrough, List<LogRecord> records, Marker marker, Image image) {
    /** Copies. */
    public Write {
      records = List.copyOf(records);
    }

    /** A write with no image. */
    public Write(long token, long keepThrough, List<LogRecord> records, Marker marker) {
      this(token, keepThrough, records, marker, null);
    }
  }

  /**
   * A replica's whole durable state in one write, so that every write before it may be deleted:
   * the snapshot its log starts from, the records after it, and what its markers recorded (the
   * newest epoch it knows, the epochs it led, its writes acknowledged below a majority, and how
   * many acknowledged writes its cuts have discarded, counting every cut written before this image).
   */
  public record Image(StoreSnapshot snapshot, long epoch, Set<Long> ledEpochs, Set<LogPosition> ackedBelowMajority,
      List<LogRecord> tail, long lostAcknowledged) {
    /** Copies. */
    public Image {
      ledEpochs = Set.copyOf(ledEpochs);
      ackedBelowMajority = Set.copyOf(ackedBelowMajority);
      tail = List.copyOf(tail);
    }
  }

  /** What a replica must remember across a crash besides its log. */
  public sealed interface Marker {
    /** It led {@code epoch}: its async records of that epoch were acknowledged writes. */
    record Led(long epoch) implements Marker {}

    /** It promised a candidate of {@code epoch} to refuse every older epoch (the fence). */
    record Fence(long epoch) implements Marker {}

    /**
     * The write at {@code offset} of {@code epoch} was acknowledged while fewer than a majority of
     * replicas held it (downgraded to async, or semi-sync with fewer followers than half the
     * other replicas), so a failover may lose it.
     */
    record AckedBelowMajority(long epoch, long offset) implements Marker {}

    /**
     * The cut in this write discarded {@code count} acknowledged writes: written with the cut, so
     * that the lost-write count survives a restart and is counted once the cut is durable.
     */
    record Lost(long count) implements Marker {}
  }

  /** A message for {@code to}. */
  public record Send(String to, ReplicaMessage message) {}

  /** An answer to client request {@code requestId}. */
  public record Reply(long requestId, RequestOutcome outcome, long offset, String detail) {}

  /** Collects effects. */
  static final class Builder {
    final List<Write> writes = new ArrayList<>();
    final List<Send> sends = new ArrayList<>();
    final List<Reply> replies = new ArrayList<>();
    long askLease = -1;
    boolean releaseLease;

    ReplicaEffects build() {
      return new ReplicaEffects(writes, sends, replies, askLease, releaseLease);
    }
  }
}
