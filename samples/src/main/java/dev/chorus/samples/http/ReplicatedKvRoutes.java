package dev.chorus.samples.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.parameterMap;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.Directives.put;

import dev.chorus.core.CommandTooLarge;
import dev.chorus.core.ConsistencyLevel;
import dev.chorus.core.ConsistencyLevelNotSupportedException;
import dev.chorus.core.SessionToken;
import dev.chorus.core.kv.KvCommand;
import dev.chorus.core.kv.KvResult;
import dev.chorus.replication.leaderfollower.ReplicaStatus;
import dev.chorus.replication.leaderfollower.ReplicatedStore;
import dev.chorus.replication.leaderfollower.StoreRequestException;
import dev.chorus.replication.leaderfollower.WriteMode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import scala.util.Try;

/**
 * The HTTP API of a leader-follower replicated key-value store on a sample node
 * (docs/replication.md, "HTTP"). A client keeps the {@code "session"} of each answer and sends it
 * back in the {@value #SESSION} header for the session guarantees, from any process.
 *
 * <ul>
 *   <li>{@code PUT /repl/{store}/kv/{key}} with the value as the body, and {@code DELETE}:
 *       200 {@code {"key", "offset", "session"}}. Optional {@code ?mode=async|semi-sync|sync}
 *       ({@code &k=} followers for semi-sync, {@code &downgrade=true}): only as strong as the
 *       store's mode or weaker.
 *   <li>{@code GET /repl/{store}/kv/{key}[?consistency=<level>][&at=leader]}, a level of {@link
 *       ConsistencyParam} that the store serves (400 naming its ceiling otherwise); without one,
 *       the store's strongest level, read at the leader. {@code at=leader} serves a weaker level
 *       at the leader only. The first version's {@code ?level=strong|eventual|session} and
 *       {@code ?max-lag-ms=N[&max-offsets=M]} (bounded staleness) still work: 200
 *       {@code {"key", "value", "version", "throughOffset", "session", "consistency"}}, the last
 *       naming the level served.
 *   <li>{@code GET /repl/{store}}: this replica's status: role, epoch, leader, offsets, lag in
 *       offsets and milliseconds, each follower's on the leader, lost acknowledged writes,
 *       downgrades.
 *   <li>{@code POST /repl/{store}/switchover?target={id}}: 202 once a planned switchover started.
 * </ul>
 *
 * Errors are JSON {@code {"error": ...}}: 421 not the leader, with {@code "leaderHint"} and
 * {@code "leaderUrl"} (the leader's node id and, when known, HTTP address); 503
 * unavailable (strict mode without its followers, no ready leader, or this replica is behind the
 * session); 409 with {@code "sessionLost": true} when a failover discarded what the session saw;
 * these three were certainly not done. 504: the outcome is unknown. 400: bad input. 413: a
 * command over the store's limit (as a Raft group's), naming the limit and its setting. 415: a
 * body that is not valid text in its charset.
 */
final class ReplicatedKvRoutes {
  /** The request header that carries a session token. */
  static final String SESSION = "Chorus-Session";

  private final ReplicatedStore<KvCommand, String, KvResult> store;
  private final LeaderAddresses addresses;

  ReplicatedKvRoutes(ReplicatedStore<KvCommand, String, KvResult> store, LeaderAddresses addresses) {
    this.store = store;
    this.addresses = addresses;
  }

  Route route() {
    return pathPrefix("repl", () -> pathPrefix(store.name(), () -> concat(
        pathEnd(() -> get(this::status)),
        path("switchover", () -> post(() -> parameterMap(this::switchover))),
        pathPrefix("kv", () -> path(PathMatchers.segment(), key -> optionalHeaderValueByName(SESSION,
            token -> parameterMap(params -> concat(
                get(() -> read(key, token, params)),
                put(() -> TextBody.text(value -> write(new KvCommand.Put(key, value), token, params))),
                delete(() -> write(new KvCommand.Delete(key), token, params))))))))));
  }

  private Route write(KvCommand command, Optional<String> token, Map<String, String> params) {
    WriteMode mode;
    SessionToken session;
    try {
      mode = mode(params);
      session = session(token);
      return answer(store.write(command, mode, session), w -> NodeHttpServer.json(StatusCodes.OK,
          NodeHttpServer.body("key", command.key(), "offset", w.offset(), "session", w.session().asString())));
    } catch (IllegalArgumentException e) {
      return NodeHttpServer.error(StatusCodes.BAD_REQUEST, e.getMessage());
    }
  }

  private Route read(String key, Optional<String> token, Map<String, String> params) {
    CompletionStage<ReplicatedStore.Value<KvResult>> value;
    ConsistencyLevel level;
    try {
      Optional<ConsistencyLevel> asked = level(params);
      level = asked.orElse(store.servedLevels().ceiling().get(0));
      boolean atLeader = asked.isEmpty() || "leader".equalsIgnoreCase(params.getOrDefault("at", ""));
      value = atLeader ? store.readAtLeader(key, level, session(token)) : store.read(key, level, session(token));
    } catch (ConsistencyLevelNotSupportedException e) {
      return complete(ConsistencyParam.notSupported(e));
    } catch (IllegalArgumentException e) {
      return NodeHttpServer.error(StatusCodes.BAD_REQUEST, e.getMessage());
    }
    return answer(value, v -> {
      KvResult.Value kv = (KvResult.Value) v.value();
      return NodeHttpServer.json(StatusCodes.OK, NodeHttpServer.body("key", key, "value", kv.value(), "version", kv.version(),
          "throughOffset", v.throughOffset(), "session", v.session().asString(), "consistency", level.toString()));
    });
  }

  /**
   * The level a read asks for: {@code ?consistency=} ({@link ConsistencyParam}), or the first
   * version's {@code ?level=strong|eventual|session}, or {@code ?max-lag-ms=N[&max-offsets=M]}
   * for {@code bounded-staleness(M,Nms)}; empty when it names none.
   */
  private static Optional<ConsistencyLevel> level(Map<String, String> params) {
    if (params.containsKey("max-lag-ms")) {
      Duration lag = Duration.ofMillis(nonNegative(params, "max-lag-ms"));
      long offsets = params.containsKey("max-offsets") ? nonNegative(params, "max-offsets") : Long.MAX_VALUE / 2;
      return Optional.of(ConsistencyLevel.boundedStaleness(offsets, lag));
    }
    Optional<String> name = Optional.ofNullable(params.getOrDefault("consistency", params.get("level")));
    return name.map(n -> ConsistencyParam.parse(name, ConsistencyLevel.STRONG).level());
  }

  private Route status() {
    long tickMillis = store.settings().tickInterval().toMillis();
    return answer(store.status(), s -> NodeHttpServer.json(StatusCodes.OK, status(s, tickMillis)));
  }

  private Map<String, Object> status(ReplicaStatus s, long tickMillis) {
    Map<String, Object> followers = new LinkedHashMap<>();
    s.followers().forEach((id, f) -> followers.put(id, NodeHttpServer.body("ackedOffset", f.ackedOffset(), "lagOffsets",
        f.lagOffsets(), "lagMillis", f.ticksSinceHeard() < 0 ? -1 : f.ticksSinceHeard() * tickMillis)));
    return NodeHttpServer.body("store", store.name(), "replica", s.replica(), "role", s.role().name().toLowerCase(Locale.ROOT),
        "epoch", s.epoch(), "leader", s.leader(), "mode", store.settings().replication().mode().toString(),
        "lastOffset", s.lastOffset(), "highWatermark", s.highWatermark(), "servableOffset", s.servableOffset(),
        "lagOffsets", s.lagOffsets(), "lagMillis", s.ticksSinceLeader() < 0 ? -1 : s.ticksSinceLeader() * tickMillis,
        "followers", followers, "lostAcknowledged", s.lostAcknowledged(), "downgrades", s.downgrades(),
        "snapshotOffset", s.snapshotOffset());
  }

  private Route switchover(Map<String, String> params) {
    String target = params.get("target");
    if (target == null || target.isBlank()) {
      return NodeHttpServer.error(StatusCodes.BAD_REQUEST, "name the new leader: ?target={node id}");
    }
    return answer(store.switchover(target), d -> NodeHttpServer.json(StatusCodes.ACCEPTED,
        NodeHttpServer.body("switchingOverTo", target)));
  }

  private WriteMode mode(Map<String, String> params) {
    String name = params.get("mode");
    if (name == null) {
      return store.settings().replication().mode();
    }
    WriteMode mode = switch (name.toLowerCase(Locale.ROOT)) {
      case "async" -> WriteMode.async();
      case "semi-sync" -> WriteMode.semiSync(params.containsKey("k") ? (int) positive(params, "k") : 1);
      case "sync" -> WriteMode.sync();
      default -> throw new IllegalArgumentException("unknown mode '" + name + "'; use async, semi-sync or sync");
    };
    return Boolean.parseBoolean(params.getOrDefault("downgrade", "false")) ? mode.downgrading() : mode;
  }

  private static SessionToken session(Optional<String> token) {
    return token.filter(t -> !t.isBlank()).map(SessionToken::parse).orElse(SessionToken.empty());
  }

  private static long nonNegative(Map<String, String> params, String key) {
    try {
      long v = Long.parseLong(params.get(key));
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(key + " must be a whole number at least 0, got '" + params.get(key) + "'");
  }

  private static long positive(Map<String, String> params, String key) {
    long v = nonNegative(params, key);
    if (v < 1 || v > 1000) {
      throw new IllegalArgumentException(key + " must be between 1 and 1000, got " + v);
    }
    return v;
  }

  private <T> Route answer(CompletionStage<T> stage, Function<T, Route> ok) {
    return onComplete(stage, (Try<T> t) -> t.isSuccess() ? ok.apply(t.get()) : failure(t.failed().get()));
  }

  private Route failure(Throwable t) {
    Throwable e = HttpErrors.cause(t);
    if (e instanceof CommandTooLarge tooLarge) {
      return complete(HttpErrors.tooLarge(tooLarge));
    }
    if (e instanceof StoreRequestException s) {
      return switch (s.outcome()) {
        case NOT_LEADER -> complete(KvRoutes.notLeader(s.getMessage(), s.leaderHint(), addresses));
        case UNAVAILABLE -> NodeHttpServer.error(StatusCodes.SERVICE_UNAVAILABLE, s.getMessage());
        case SESSION_LOST -> NodeHttpServer.json(StatusCodes.CONFLICT, NodeHttpServer.body("error", s.getMessage(), "sessionLost", true));
        default -> NodeHttpServer.error(StatusCodes.GATEWAY_TIMEOUT, s.getMessage());
      };
    }
    if (e instanceof IllegalArgumentException) {
      return NodeHttpServer.error(StatusCodes.BAD_REQUEST, e.getMessage());
    }
    return complete(HttpErrors.internal(e));
  }
}
