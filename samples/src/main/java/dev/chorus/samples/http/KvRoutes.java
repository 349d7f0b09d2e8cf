package dev.chorus.samples.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.Directives.put;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.consensus.NotLeader;
import dev.chorus.consensus.ReadPath;
import dev.chorus.consensus.Timeout;
import dev.chorus.consensus.Unavailable;
import dev.chorus.consensus.kv.RaftKv;
import dev.chorus.core.CommandTooLarge;
import dev.chorus.core.ConsistencyLevel;
import dev.chorus.core.ConsistencyLevelNotSupportedException;
import dev.chorus.consensus.session.SessionOutcome;
import dev.chorus.core.kv.KvCommand;
import dev.chorus.core.kv.KvResult;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import scala.util.Try;

/**
 * The HTTP API of {@link RaftKv} on a sample node.
 *
 * <ul>
 *   <li>{@code GET /kv/{key}[?consistency=<level>]}, a level of {@link ConsistencyParam} (strong
 *       when absent; the old names linearizable, lease, follower and stale name a read path too): 200
 *       {@code {"key", "value", "version"}}; an absent key has value null and version 0.
 *   <li>{@code PUT /kv/{key}} with the value as the body: 200 {@code {"key", "version"}}.
 *   <li>{@code DELETE /kv/{key}}: 200 {@code {"key", "version"}}.
 *   <li>{@code POST /kv/{key}/append} with an element as the body (not empty, no comma): appends
 *       it to the key's list, its elements joined by commas; 200 {@code {"key", "version"}}.
 *   <li>{@code POST /kv/{key}/cas} with {@code {"expected": v or null, "value": v}}: 200
 *       {@code {"swapped": true, ...}}, or 409 {@code {"swapped": false, "current", ...}}.
 *   <li>{@code POST /kv-sessions}: opens a client session for exactly-once writes; 200 {@code
 *       {"clientId", "ttlMs"}}. Every write above sent with the {@link SessionHeaders} is applied at
 *       most once per sequence number, across retries and leader changes; a retry gets the first
 *       answer with {@code Chorus-Duplicate: true}; a write in an expired session is 410 {@code
 *       {"error", "clientId"}}, not applied.
 *   <li>{@code GET /raft/kv}: 200 with this member's view of the store's Raft group: term, role,
 *       leader (or null), commit and applied index, last log index, voters, learners, and on the
 *       leader each follower's match index and lag. Clients use it to find the leader.
 * </ul>
 *
 * Errors are JSON {@code {"error": ...}}: 421 not the leader, with {@code "leaderHint"} (its node
 * id) and {@code "leaderUrl"} (its HTTP address, when known) (certainly not applied); 503 no leader
 * known (certainly not applied); 504 no answer in time (the outcome is unknown: it may have been
 * applied); 400 bad input; 413 a command over the group's limit (about 252 KiB: Artery's frame less
 * 4 KiB), naming the limit and its setting; 415 a body that is not valid text in its charset.
 */
final class KvRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RaftKv kv;
  private final LeaderAddresses addresses;

  KvRoutes(RaftKv kv, LeaderAddresses addresses) {
    this.kv = kv;
    this.addresses = addresses;
  }

  Route route() {
    return concat(path(PathMatchers.segment("raft").slash(RaftKv.GROUP), () -> get(this::status)),
        path("kv-sessions", () -> post(this::openSession)), pathPrefix("kv", () -> concat(
        path(PathMatchers.segment().slash("cas"), key -> post(() -> TextBody.text(body -> cas(key, body)))),
        path(PathMatchers.segment().slash("append"), key -> post(() -> TextBody.text(
            element -> write(() -> new KvCommand.Append(key, element))))),
        path(PathMatchers.segment(), key -> concat(
            get(() -> parameterOptional("consistency", c -> read(key, c))),
            put(() -> TextBody.text(value -> write(() -> new KvCommand.Put(key, value)))),
            delete(() -> write(() -> new KvCommand.Delete(key))))))));
  }

  private Route openSession() {
    return answer(kv.openSession(), id -> NodeHttpServer.json(StatusCodes.OK,
        NodeHttpServer.body("clientId", id, "ttlMs", kv.sessionTtl().toMillis())));
  }

  /**
   * Applies the command {@code command} makes, in the session the request's headers name, if any
   * ({@link SessionHeaders}); a command it cannot make is 400.
   */
  private Route write(Supplier<KvCommand> command) {
    return extractRequest(request -> {
      KvCommand c;
      try {
        c = command.get();
      } catch (IllegalArgumentException e) {
        return NodeHttpServer.error(StatusCodes.BAD_REQUEST, e.getMessage());
      }
      return respond(write(c, SessionHeaders.parse(request)));
    });
  }

  /** The answer to {@code command} with the session headers {@code headers}. */
  CompletionStage<HttpResponse> write(KvCommand command, SessionHeaders.Parsed headers) {
    if (headers.error() != null) {
      return CompletableFuture.completedFuture(NodeHttpServer.errorResponse(StatusCodes.BAD_REQUEST, headers.error()));
    }
    try {
      CompletionStage<HttpResponse> answer = headers.sequence().isEmpty()
          ? kv.write(command).thenApply(KvRoutes::result)
          : kv.write(command, headers.sequence().get()).thenApply(KvRoutes::outcome);
      return answer.exceptionally(this::failure);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(failure(e));
    }
  }

  private static Route respond(CompletionStage<HttpResponse> response) {
    return onComplete(response, (Try<HttpResponse> t) -> complete(t.get()));
  }

  /** A session write's answer: the first answer for a duplicate too, marked; 410 once expired. */
  static HttpResponse outcome(SessionOutcome<KvResult> o) {
    if (o instanceof SessionOutcome.Applied<KvResult> a) {
      return result(a.result());
    }
    if (o instanceof SessionOutcome.Duplicate<KvResult> d) {
      return result(d.result()).addHeader(RawHeader.create(SessionHeaders.DUPLICATE, "true"));
    }
    if (o instanceof SessionOutcome.SessionExpired<KvResult> e) {
      return NodeHttpServer.jsonResponse(StatusCodes.GONE, NodeHttpServer.body("error", "session " + e.clientId()
          + " expired (or never existed), so the write was not applied; open a new session with POST /kv-sessions",
          "clientId", e.clientId()));
    }
    SessionOutcome.AlreadyAcknowledged<KvResult> a = (SessionOutcome.AlreadyAcknowledged<KvResult>) o;
    return NodeHttpServer.jsonResponse(StatusCodes.BAD_REQUEST, NodeHttpServer.body("error", "sequence " + a.sequence()
        + " of client " + a.clientId() + " was applied once and its answer acknowledged (a later request sent a higher "
        + SessionHeaders.ACKNOWLEDGED_BELOW + "), so it is not applied again and its answer is gone",
        "clientId", a.clientId(), "sequence", a.sequence()));
  }

  /** A write's answer: {@code {"key", "version"}}, or a compare-and-set's (409 when it did not swap). */
  static HttpResponse result(KvResult r) {
    if (r instanceof KvResult.CasResult c) {
      return NodeHttpServer.jsonResponse(c.swapped() ? StatusCodes.OK : StatusCodes.CONFLICT,
          NodeHttpServer.body("key", c.key(), "swapped", c.swapped(), "current", c.current(), "version", c.version()));
    }
    return written((KvResult.Written) r);
  }

  private Route status() {
    return answer(kv.group().metrics(), m -> {
      Map<String, Object> followers = new LinkedHashMap<>();
      m.followers().forEach((id, f) -> followers.put(id, NodeHttpServer.body("matchIndex", f.matchIndex(), "lag", f.lag())));
      return NodeHttpServer.json(StatusCodes.OK, NodeHttpServer.body("group", m.group(), "node", m.node(), "term", m.term(),
          "role", m.role().name().toLowerCase(Locale.ROOT), "leader", m.leader().orElse(null),
          "commitIndex", m.commitIndex(), "appliedIndex", m.appliedIndex(), "lastIndex", m.lastIndex(),
          "voters", m.voters(), "learners", m.learners(), "followers", followers));
    });
  }

  private Route read(String key, Optional<String> consistency) {
    CompletionStage<KvResult.Value> read;
    try {
      read = readAt(kv, key, consistency);
    } catch (RuntimeException e) {
      return complete(failure(e));
    }
    return answer(read, v -> complete(value(v)));
  }

  /**
   * Reads {@code key} at the level {@code consistency} names ({@code strong} when absent), by the
   * path its alias names if it is one ({@link ConsistencyParam}), else by the group's default.
   *
   * @throws IllegalArgumentException if {@code consistency} names no level
   */
  static CompletionStage<KvResult.Value> readAt(RaftKv kv, String key, Optional<String> consistency) {
    ConsistencyParam param = ConsistencyParam.parse(consistency, ConsistencyLevel.STRONG);
    Optional<ReadPath> path = param.alias().map(KvRoutes::readPath);
    return path.isPresent() ? kv.get(key, param.level(), path.get()) : kv.get(key, param.level());
  }

  private static ReadPath readPath(String alias) {
    return switch (alias) {
      case "lease" -> ReadPath.LEASE;
      case "follower" -> ReadPath.FOLLOWER;
      case "stale" -> ReadPath.LOCAL;
      default -> ReadPath.READ_INDEX;
    };
  }

  static HttpResponse value(KvResult.Value v) {
    return NodeHttpServer.jsonResponse(StatusCodes.OK,
        new FlatJson().string("key", v.key()).string("value", v.value()).number("version", v.version()).end());
  }

  private Route cas(String key, String body) {
    JsonNode request;
    try {
      request = JSON.readTree(body);
    } catch (java.io.IOException e) {
      return NodeHttpServer.error(StatusCodes.BAD_REQUEST, "the body must be JSON {\"expected\": ..., \"value\": ...}");
    }
    if (request == null || !request.isObject() || !request.has("value") || !request.get("value").isTextual()
        || (request.has("expected") && !request.get("expected").isNull() && !request.get("expected").isTextual())) {
      return NodeHttpServer.error(StatusCodes.BAD_REQUEST,
          "the body must be {\"expected\": a string or null, \"value\": a string}");
    }
    String expected = request.hasNonNull("expected") ? request.get("expected").asText() : null;
    return write(() -> new KvCommand.CompareAndSet(key, expected, request.get("value").asText()));
  }

  static HttpResponse written(KvResult.Written w) {
    return NodeHttpServer.jsonResponse(StatusCodes.OK,
        new FlatJson().string("key", w.key()).number("version", w.version()).end());
  }

  private <T> Route answer(CompletionStage<T> stage, Function<T, Route> ok) {
    return onComplete(stage, (Try<T> t) -> t.isSuccess() ? ok.apply(t.get()) : complete(failure(t.failed().get())));
  }

  /** The answer to a request that failed with {@code t}: see the class comment for the codes. */
  HttpResponse failure(Throwable t) {
    Throwable e = HttpErrors.cause(t);
    if (e instanceof NotLeader n) {
      return notLeader(e.getMessage(), n.leaderHint(), addresses);
    }
    if (e instanceof CommandTooLarge tooLarge) {
      return HttpErrors.tooLarge(tooLarge);
    }
    if (e instanceof Unavailable) {
      return NodeHttpServer.errorResponse(StatusCodes.SERVICE_UNAVAILABLE, e.getMessage());
    }
    if (e instanceof Timeout) {
      return NodeHttpServer.errorResponse(StatusCodes.GATEWAY_TIMEOUT, e.getMessage() + " (the outcome is unknown)");
    }
    if (e instanceof ConsistencyLevelNotSupportedException notServed) {
      return ConsistencyParam.notSupported(notServed);
    }
    if (e instanceof IllegalArgumentException) {
      return NodeHttpServer.errorResponse(StatusCodes.BAD_REQUEST, e.getMessage());
    }
    return HttpErrors.internal(e);
  }

  /**
   * 421 with the leader's node id and, when it advertises one, its HTTP address, so that a client
   * retries there without a second lookup.
   */
  static HttpResponse notLeader(String message, Optional<String> hint, LeaderAddresses addresses) {
    Optional<String> url = hint.flatMap(addresses::url);
    return NodeHttpServer.jsonResponse(StatusCodes.MISDIRECTED_REQUEST, NodeHttpServer.body(
        "error", message + url.map(u -> " at " + u).orElse(""), "leaderHint", hint.orElse(null),
        "leaderUrl", url.orElse(null)));
  }
}
