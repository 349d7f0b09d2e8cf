package dev.chorus.replication.leaderfollower;

import java.util.ArrayList;
import java.util.List;

/**
 * What the core asks its host to do after one input: start these durable writes (report each
 * with {@code persisted(token)}, in order), send these messages, answer these clients.
 */
public record ReplicaEffects(List<Write> writes, List<Send> sends, List<Reply> replies) {
  /** Copies. */
  public ReplicaEffects {
    writes = List.copyOf(writes);
    sends = List.copyOf(sends);
    replies = List.copyOf(replies);
  }

  /**
   * A durable write: cut the log back to {@code keepThrough} (-1: no cut), append
   * {@code records}, and remember {@code ledEpoch} as an epoch this replica led (0: none).
   */
  public record Write(long token, long keepThrough, List<LogRecord> records, long ledEpoch) {
    /** Copies. */
    public Write {
      records = List.copyOf(records);
    }
  }

  /** A message for {@code to}. */
  public record Send(String to, ReplicaMessage message) {}

  /** An answer to client request {@code requestId}. */
  public record Reply(long requestId, Outcome outcome, long offset, String detail) {}

  /** How a write ended. */
  public enum Outcome {
    /** Acknowledged at {@code offset}, as durable as its mode promises. */
    ACKED,
    /** Certainly not written: this replica does not lead; {@code detail} names the leader if known. */
    NOT_LEADER,
    /** Certainly not written: a strict mode lacks the followers it needs. */
    UNAVAILABLE,
    /** Unknown: written here, but not acknowledged in time or leadership was lost. */
    UNKNOWN
  }

  /** Collects effects. */
  static final class Builder {
    final List<Write> writes = new ArrayList<>();
    final List<Send> sends = new ArrayList<>();
    final List<Reply> replies = new ArrayList<>();

    ReplicaEffects build() {
      return new ReplicaEffects(writes, sends, replies);
    }
  }
}
