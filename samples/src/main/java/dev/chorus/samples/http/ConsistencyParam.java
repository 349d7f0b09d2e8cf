package dev.chorus.samples.http;

import dev.chorus.core.ConsistencyLevel;
import dev.chorus.core.ConsistencyLevelNotSupportedException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * The {@code ?consistency=} parameter of every store's read: one of the level names of {@link
 * ConsistencyLevel} ({@code strong}, {@code causal}, {@code bounded-staleness(<versions>,<lag>)},
 * {@code session}, {@code consistent-prefix}, {@code eventual}), or one of the aliases the first
 * version of the API took, which also name how the Raft KV serves the read: {@code linearizable}
 * (strong, by ReadIndex), {@code lease} (strong, by the leader's lease), {@code follower} (strong,
 * by follower ReadIndex) and {@code stale} (eventual, from the local state machine).
 *
 * @param level the level asked for
 * @param alias the alias used, if any, lower case
 */
record ConsistencyParam(ConsistencyLevel level, Optional<String> alias) {
  /** The aliases and the level each names. */
  static final Map<String, ConsistencyLevel> ALIASES = Map.of(
      "linearizable", ConsistencyLevel.STRONG,
      "lease", ConsistencyLevel.STRONG,
      "follower", ConsistencyLevel.STRONG,
      "stale", ConsistencyLevel.EVENTUAL);

  private static final List<String> NAMES = List.of("strong", "causal",
      "bounded-staleness(<maxVersions>,<maxLag>)", "session", "consistent-prefix", "eventual");

  /**
   * The parameter's level, {@code fallback} when it is absent.
   *
   * @throws IllegalArgumentException saying what the accepted values are if it names no level
   */
  static ConsistencyParam parse(Optional<String> text, ConsistencyLevel fallback) {
    if (text.isEmpty()) {
      return new ConsistencyParam(fallback, Optional.empty());
    }
    String alias = text.get().trim().toLowerCase(Locale.ROOT);
    if (ALIASES.containsKey(alias)) {
      return new ConsistencyParam(ALIASES.get(alias), Optional.of(alias));
    }
    try {
      return new ConsistencyParam(ConsistencyLevel.parse(text.get()), Optional.empty());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown consistency '" + text.get() + "'; use one of "
          + String.join(", ", NAMES) + ", or the aliases linearizable, lease, follower, stale"
          + (e.getMessage().startsWith("Unknown") ? "" : " (" + e.getMessage() + ")"), e);
    }
  }

  /** 400 naming the level asked for and the levels the store serves. */
  static HttpResponse notSupported(ConsistencyLevelNotSupportedException e) {
    return NodeHttpServer.jsonResponse(StatusCodes.BAD_REQUEST, NodeHttpServer.body("error",
        e.getMessage(), "requested", e.requested().toString(), "ceiling", e.ceiling().toString()));
  }
}
