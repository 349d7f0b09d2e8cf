package dev.chorus.consensus.internal;

import dev.chorus.consensus.internal.RaftNode.Response;
import dev.chorus.core.Bytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A node's clients waiting for an answer: proposals by log index and term, reads by id, and
 * leadership transfers. Each has a deadline in ticks, after which its client hears that the
 * outcome is unknown. An answer goes to a {@code Consumer}: an actor's {@code tell}, or this
 * node's own {@code RaftGroup}.
 */
final class Requests {
  private record Proposal(long term, Consumer<Response> replyTo, long deadline) {}

  /** A read waiting for its ReadIndex round (or lease check); {@code answer} serves it from the state machine. */
  private record Read(Supplier<Response> answer, Consumer<Response> replyTo, long deadline) {}

  private record Transfer(String target, long fromTerm, Consumer<Response> replyTo, long deadline) {}

  /** By index; more than one when this node proposed at an index again after its entry was cut back. */
  private final Map<Long, List<Proposal>> proposals = new HashMap<>();
  private final Map<Long, Read> reads = new HashMap<>();
  private final List<Transfer> transfers = new ArrayList<>();
  private long nextReadId;

  void proposed(long index, long term, Consumer<Response> replyTo, long deadline) {
    proposals.computeIfAbsent(index, i -> new ArrayList<>(1)).add(new Proposal(term, replyTo, deadline));
  }

  /** A new read's id for the core. */
  long nextReadId() {
    return ++nextReadId;
  }

  /** Registers the read {@code id} the core started. */
  void read(long id, Supplier<Response> answer, Consumer<Response> replyTo, long deadline) {
    reads.put(id, new Read(answer, replyTo, deadline));
  }

  void transferring(String target, long fromTerm, Consumer<Response> replyTo, long deadline) {
    transfers.add(new Transfer(target, fromTerm, replyTo, deadline));
  }

  /**
   * The entry at {@code index} of {@code term} was applied with {@code outcome}. A proposal made
   * there in another term was overwritten by a later leader, so it will never commit (Log
   * Matching, §5.3): {@code overwritten} answers it.
   */
  void applied(long index, long term, Response outcome, Supplier<Response> overwritten) {
    List<Proposal> here = proposals.remove(index);
    if (here != null) {
      here.forEach(p -> p.replyTo().accept(p.term() == term ? outcome : overwritten.get()));
    }
  }

  /** The read {@code id} may be served now: it is answered from the state machine as it is. */
  void readReady(long id) {
    Read r = reads.remove(id);
    if (r != null) {
      r.replyTo().accept(r.answer().get());
    }
  }

  /** The read {@code id} cannot be served here. */
  void readFailed(long id, Response why) {
    Read r = reads.remove(id);
    if (r != null) {
      r.replyTo().accept(why);
    }
  }

  /** Answers the transfers whose target now leads in a later term. */
  void leaderIs(String leader, long term) {
    transfers.removeIf(t -> {
      boolean done = t.target().equals(leader) && term > t.fromTerm();
      if (done) {
        t.replyTo().accept(new Response.Ok(Bytes.empty()));
      }
      return done;
    });
  }

  /** Answers everything whose deadline is before {@code now}: the outcome is unknown. */
  void expire(long now) {
    Response late = new Response.Unknown("no outcome within the request timeout");
    for (Iterator<List<Proposal>> i = proposals.values().iterator(); i.hasNext();) {
      List<Proposal> here = i.next();
      here.removeIf(p -> {
        if (p.deadline() < now) {
          p.replyTo().accept(late);
          return true;
        }
        return false;
      });
      if (here.isEmpty()) {
        i.remove();
      }
    }
    for (Iterator<Read> i = reads.values().iterator(); i.hasNext();) {
      Read r = i.next();
      if (r.deadline() < now) {
        r.replyTo().accept(late);
        i.remove();
      }
    }
    transfers.removeIf(t -> {
      if (t.deadline() < now) {
        t.replyTo().accept(late);
        return true;
      }
      return false;
    });
  }

  /** The node stops: a proposal's outcome is unknown; a read or transfer simply did not happen. */
  void stopped() {
    proposals.values().forEach(here -> here.forEach(p -> p.replyTo().accept(new Response.Unknown("the member stopped"))));
    reads.values().forEach(r -> r.replyTo().accept(new Response.Unavailable("the member stopped")));
    transfers.forEach(t -> t.replyTo().accept(new Response.Unknown("the member stopped")));
    proposals.clear();
    reads.clear();
    transfers.clear();
  }
}
