package dev.chorus.core.spi;

import java.util.Objects;

/**
 * The codecs of one replicated state machine (a Raft group or a leader-follower store): commands
 * go into the log and over the wire as their codec's bytes; queries and results travel as bytes
 * when a member answers a client on another node. Every member must use codecs that agree.
 *
 * @param <C> commands
 * @param <Q> queries
 * @param <R> results
 */
public record Codecs<C, Q, R>(Codec<C> commands, Codec<Q> queries, Codec<R> results) {
  /** Requires all three. */
  public Codecs {
    Objects.requireNonNull(commands, "commands");
    Objects.requireNonNull(queries, "queries");
    Objects.requireNonNull(results, "results");
  }
}
