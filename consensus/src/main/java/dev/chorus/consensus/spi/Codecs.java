package dev.chorus.consensus.spi;

import java.util.Objects;

/**
 * The codecs of one Raft group: commands go into the log and over the wire as their codec's
 * bytes; queries and results travel as bytes when a member answers a client on another node.
 * Every member of a group must use codecs that agree.
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
