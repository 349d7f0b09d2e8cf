package dev.chorus.core.host;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Group commit at the protocol level (docs/architecture.md, "Durable logs"): at most one {@link
 * LogActor.Write} is in flight; the protocol's writes that arrive meanwhile build up into the next
 * one, which goes as soon as the log acknowledges. One acknowledgement names the last token of its
 * batch, which tells the core that every earlier write is durable too: many concurrent client
 * writes share one fsync.
 *
 * <p>A batch is one atomic journal write, and the journal refuses one larger than its
 * {@code max-record-size} (16 MiB by default). So a batch takes queued writes only up to
 * {@link #MAX_BATCH_BYTES} (at least one write), and the rest go in the batches after it: a
 * follower catching up on many large entries never builds a write the journal would refuse, and
 * a single write over the cap goes alone, for the {@link LogFormat} to cut into parts.
 *
 * <p>Not thread-safe: the host's actor owns it.
 *
 * @param <E> the journaled events
 */
public final class WritePipeline<E> {
  /** The most event bytes in one batch: a quarter of the journal's default record limit. */
  public static final int MAX_BATCH_BYTES = 4 << 20;

  private record Queued<E>(long token, E event, long bytes) {}

  private final ActorRef<LogActor.Command> log;
  private final ActorRef<Long> acks;
  private final ToLongFunction<E> bytes;
  private final ArrayDeque<Queued<E>> queued = new ArrayDeque<>();
  private boolean inFlight;

  /**
   * @param log the log actor the batches go to
   * @param acks where the log acknowledges each batch with its last token
   * @param bytes the bytes an event carries, about ({@link LogFormat#bytes})
   */
  public WritePipeline(ActorRef<LogActor.Command> log, ActorRef<Long> acks, ToLongFunction<E> bytes) {
    this.log = log;
    this.acks = acks;
    this.bytes = bytes;
  }

  /**
   * Queues {@code event} under {@code token} (tokens rise); {@link #send()} starts it. The writes
   * a host queues for one step of its core go together, in one batch if the pipeline is idle.
   */
  public void add(long token, E event) {
    queued.add(new Queued<>(token, event, bytes.applyAsLong(event)));
  }

  /** Starts a batch of what is queued, unless one is in flight (then it goes on its acknowledgement). */
  public void send() {
    if (!inFlight && !queued.isEmpty()) {
      flush();
    }
  }

  /** The write in flight is durable: the next batch may go. */
  public void acknowledged() {
    inFlight = false;
    send();
  }

  private void flush() {
    List<E> batch = new ArrayList<>();
    long size = 0;
    long token = 0;
    while (!queued.isEmpty() && (batch.isEmpty() || size + queued.peekFirst().bytes() <= MAX_BATCH_BYTES)) {
      Queued<E> q = queued.pollFirst();
      batch.add(q.event());
      size += q.bytes();
      token = q.token();
    }
    log.tell(new LogActor.Write<>(token, batch, acks));
    inFlight = true;
  }
}
