package dev.chorus.consensus.internal;

import dev.chorus.consensus.raft.Ready;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Group commit at the protocol level (DESIGN.md "Durable logs"): at most one {@link
 * RaftLogActor.Write} is in flight; the core's writes that arrive meanwhile build up into the next
 * one, which goes as soon as the log acknowledges. One acknowledgement names the last token of its
 * batch, which tells the core that every earlier write is durable too.
 */
final class WritePipeline {
  private final ActorRef<RaftLogActor.Command> log;
  private final ActorRef<Long> acks;
  private final List<WireEvent> queued = new ArrayList<>();
  private long queuedToken;
  private boolean inFlight;

  WritePipeline(ActorRef<RaftLogActor.Command> log, ActorRef<Long> acks) {
    this.log = log;
    this.acks = acks;
  }

  /** Starts {@code writes} now, or with the next batch if one is in flight. */
  void add(List<Ready.Write> writes) {
    for (Ready.Write w : writes) {
      queued.add(WireEvent.of(w.event()));
      queuedToken = w.token();
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
    log.tell(new RaftLogActor.Write(queuedToken, List.copyOf(queued), acks));
    queued.clear();
    inFlight = true;
  }
}
