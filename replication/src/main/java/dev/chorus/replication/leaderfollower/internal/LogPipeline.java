package dev.chorus.replication.leaderfollower.internal;

import dev.chorus.replication.leaderfollower.protocol.ReplicaEffects;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Group commit at the replica: one append is in flight at the log actor at a time, and the writes
 * the core issues meanwhile go together in the next one, so many concurrent client writes share
 * one fsync. Batches stay under {@link #MAX_BATCH_BYTES}, well below the journal's record limit.
 */
final class LogPipeline {
  static final int MAX_BATCH_BYTES = 4 << 20;

  private final ActorRef<ReplicaLogActor.Command> log;
  private final ActorRef<Long> replyTo;
  private final List<ReplicaLogActor.Stored> waiting = new ArrayList<>();
  private long waitingBytes;
  private long lastWaitingToken;
  private long inFlightUpTo;
  private boolean inFlight;

  LogPipeline(ActorRef<ReplicaLogActor.Command> log, ActorRef<Long> replyTo) {
    this.log = log;
    this.replyTo = replyTo;
  }

  /** Writes {@code w} after every write handed in before it. */
  void write(ReplicaEffects.Write w) {
    byte[] bytes = ReplicaCodec.encode(w);
    if (!waiting.isEmpty() && waitingBytes + bytes.length > MAX_BATCH_BYTES) {
      flushWhenFree();
    }
    waiting.add(new ReplicaLogActor.Stored(bytes, w.image() != null));
    waitingBytes += bytes.length;
    lastWaitingToken = w.token();
    if (!inFlight) {
      flush();
    }
  }

  /** The append through {@code token} completed: the next batch may go. */
  void completed(long token) {
    if (token >= inFlightUpTo) {
      inFlight = false;
      if (!waiting.isEmpty()) {
        flush();
      }
    }
  }

  private void flushWhenFree() {
    if (!inFlight) {
      flush();
      return;
    }
    // A second batch may be queued at the log actor behind the one in flight: it handles appends
    // one at a time, in order, so acknowledgements still come in token order.
    send();
  }

  private void flush() {
    inFlight = true;
    send();
  }

  private void send() {
    inFlightUpTo = lastWaitingToken;
    log.tell(new ReplicaLogActor.Append(waiting, lastWaitingToken, replyTo));
    waiting.clear();
    waitingBytes = 0;
  }
}
