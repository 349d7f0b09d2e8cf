package dev.chorus.consensus.internal;

import dev.chorus.consensus.raft.Ready;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Group commit at the protocol level (docs/architecture.md, "Durable logs"): at most one {@link
 * RaftLogActor.Write} is in flight; the core's writes that arrive meanwhile build up into the next
 * one, which goes as soon as the log acknowledges. One acknowledgement names the last token of its
 * batch, which tells the core that every earlier write is durable too.
 *
 * <p>A batch is one atomic journal write, and the journal refuses one larger than its
 * {@code max-record-size} (16 MiB by default). So a batch takes queued writes only up to
 * {@link #MAX_BATCH_BYTES} (at least one write), and the rest go in the batches after it: a
 * follower catching up on many large entries never builds a write the journal would refuse.
 */
final class WritePipeline {
  private final ActorRef<RaftLogActor.Command> log;
  private final ActorRef<Long> acks;
  /** The most command and snapshot bytes in one batch: a quarter of the journal's default limit. */
  static final long MAX_BATCH_BYTES = 4L << 20;

  private record Queued(long token, WireEvent event, long bytes) {}

  private final java.util.ArrayDeque<Queued> queued = new java.util.ArrayDeque<>();
  private boolean inFlight;

  WritePipeline(ActorRef<RaftLogActor.Command> log, ActorRef<Long> acks) {
    this.log = log;
    this.acks = acks;
  }

  /** Starts {@code writes} now, or with the next batch if one is in flight. */
  void add(List<Ready.Write> writes) {
    for (Ready.Write w : writes) {
      WireEvent e = WireEvent.of(w.event());
      queued.add(new Queued(w.token(), e, bytes(e)));
    }
    if (!inFlight && !queued.isEmpty()) {
      flush();
    }
  }

  /** The write in flight is durable: the next batch may go. */
  void acknowledged() {
    inFlight = false;
    if (!queued.isEmpty()) {
      flush();
    }
  }

  private void flush() {
    List<WireEvent> batch = new ArrayList<>();
    long size = 0;
    long token = 0;
    while (!queued.isEmpty() && (batch.isEmpty() || size + queued.peekFirst().bytes() <= MAX_BATCH_BYTES)) {
      Queued q = queued.pollFirst();
      batch.add(q.event());
      size += q.bytes();
      token = q.token();
    }
    log.tell(new RaftLogActor.Write(token, batch, acks));
    inFlight = true;
  }

  /** The bytes an event carries: its commands and snapshot data, plus a little per entry. */
  static long bytes(WireEvent e) {
    if (e instanceof WireEvent.Appended a) {
      return a.entries().stream().mapToLong(x -> 64L + x.command().size()).sum();
    }
    if (e instanceof WireEvent.Compacted c) {
      return 64L + c.snapshot().data().size() + c.tail().stream().mapToLong(x -> 64L + x.command().size()).sum();
    }
    return 64;
  }
}
