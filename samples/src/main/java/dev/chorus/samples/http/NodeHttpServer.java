package dev.chorus.samples.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.handleRejections;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import dev.chorus.consensus.kv.RaftKv;
import dev.chorus.core.ChorusNode;
import dev.chorus.core.CommandTooLarge;
import dev.chorus.core.MemberView;
import dev.chorus.core.kv.KvCommand;
import dev.chorus.core.kv.KvResult;
import dev.chorus.core.metrics.ChorusMetrics;
import dev.chorus.core.metrics.Histogram;
import dev.chorus.core.metrics.MetricsRegistry;
import dev.chorus.replication.leaderfollower.ReplicatedStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.StreamSupport;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Down;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.japi.function.Function;

/**
 * The HTTP API of a sample node.
 *
 * <ul>
 *   <li>{@code GET /health}: the node's id, Pekko address, data directory and pid.
 *   <li>{@code GET /cluster/members[?status=Up]}: the members this node sees, as a JSON array of
 *       {@code {"id", "address", "status", "roles", "reachable"}}.
 *   <li>{@code POST /cluster/members/{id}/down}: downs that member (202); 404 if no member has
 *       that id.
 *   <li>{@code /kv/...}: the Raft key-value store, when the node runs one ({@link KvRoutes}).
 *   <li>{@code /repl/{store}/...}: a leader-follower replicated store, when the node runs one
 *       ({@link ReplicatedKvRoutes}).
 * </ul>
 *
 * Every error is JSON {@code {"error": "..."}} that explains itself: 404 for an unknown path, 405
 * for a wrong method, 400 for bad input, 413 for a body or command over its limit (naming the limit
 * and its setting), 415 for a body that is not valid text in its charset, 500 for a failure inside
 * the node (logged under an id the answer names; no answer carries an exception's text).
 */
public final class NodeHttpServer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> STATUSES =
      Set.of("Joining", "WeaklyUp", "Up", "Leaving", "Exiting", "Down", "Removed", "PreparingForShutdown", "ReadyForShutdown");

  private final ChorusNode node;
  private final Optional<RaftKv> kv;
  private final Optional<ReplicatedStore<KvCommand, String, KvResult>> replicated;

  private final LeaderAddresses addresses;

  private NodeHttpServer(ChorusNode node, Optional<RaftKv> kv,
      Optional<ReplicatedStore<KvCommand, String, KvResult>> replicated) {
    this.node = node;
    this.kv = kv;
    this.replicated = replicated;
    this.addresses = new LeaderAddresses(node);
  }

  /**
   * Binds the API on {@code host:port}; the binding is released when the node shuts down.
   *
   * @return the binding, failed if the port cannot be bound
   */
  public static CompletionStage<ServerBinding> bind(ChorusNode node, String host, int port) {
    return bind(node, host, port, Optional.empty());
  }

  /** As {@link #bind(ChorusNode, String, int)}, also serving {@code /kv} when {@code kv} is given. */
  public static CompletionStage<ServerBinding> bind(ChorusNode node, String host, int port, Optional<RaftKv> kv) {
    return bind(node, host, port, kv, Optional.empty());
  }

  /**
   * As {@link #bind(ChorusNode, String, int, Optional)}, also serving {@code /repl/{store}} when
   * {@code replicated} is given.
   */
  public static CompletionStage<ServerBinding> bind(ChorusNode node, String host, int port, Optional<RaftKv> kv,
      Optional<ReplicatedStore<KvCommand, String, KvResult>> replicated) {
    return bind(node, host, port, kv, replicated, true);
  }

  /**
   * As {@link #bind(ChorusNode, String, int, Optional, Optional)}; with {@code fastPath}, the
   * key-value store's gets and puts skip the routing DSL ({@link KvFastPath}), with the same answers.
   */
  static CompletionStage<ServerBinding> bind(ChorusNode node, String host, int port, Optional<RaftKv> kv,
      Optional<ReplicatedStore<KvCommand, String, KvResult>> replicated, boolean fastPath) {
    NodeHttpServer server = new NodeHttpServer(node, kv, replicated);
    Function<HttpRequest, CompletionStage<HttpResponse>> routed = server.route().handler(node.system());
    Function<HttpRequest, CompletionStage<HttpResponse>> handler =
        kv.filter(store -> fastPath).<Function<HttpRequest, CompletionStage<HttpResponse>>>map(
            store -> new KvFastPath(store, new KvRoutes(store, server.addresses), routed)).orElse(routed);
    return Http.get(node.system()).newServerAt(host, port).withSettings(serverSettings(node))
        .bind(measured(bounded(handler, HttpErrors.maxBodyBytes(node.system().settings().config())),
            ChorusMetrics.get(node.system()))).thenApply(binding -> {
      CoordinatedShutdown.get(node.system()).addTask(
          CoordinatedShutdown.PhaseServiceUnbind(), "chorus-http-unbind",
          () -> binding.unbind().thenApply(x -> Done.getInstance()));
      return binding;
    });
  }

  // A body that declares a length over the limit is refused before a byte of it is read, on every
  // route alike; one sent in chunks is refused when it passes the limit (rejections()).
  private static Function<HttpRequest, CompletionStage<HttpResponse>> bounded(
      Function<HttpRequest, CompletionStage<HttpResponse>> handler, long maxBody) {
    return request -> {
      OptionalLong declared = request.entity().getContentLengthOption();
      return declared.isPresent() && declared.getAsLong() > maxBody
          ? CompletableFuture.completedFuture(HttpErrors.bodyTooLarge(Optional.of(declared.getAsLong()), maxBody))
          : handler.apply(request);
    };
  }

  // Every request's latency, by method, the path's first segment (a bounded set: kv, repl, ...)
  // and the status class, for GET /metrics. Recorded on the thread that completes the answer (a
  // direct executor): the routes' stage is Scala's, whose plain callbacks are sent to the JDK's
  // common pool, which on a 2-core machine starts a thread per task (follower reads 5 times
  // slower), and a hop to the actor system's dispatcher cost every request a thread hand-off
  // (follower reads 15 to 30 % slower in the A/B runs).
  private static final java.util.concurrent.Executor ON_COMPLETING_THREAD = Runnable::run;

  private static Function<HttpRequest, CompletionStage<HttpResponse>> measured(
      Function<HttpRequest, CompletionStage<HttpResponse>> handler, MetricsRegistry metrics) {
    MetricsRegistry.Family<Histogram> latency = metrics.histogram("chorus_http_request_seconds",
        "How long the node's HTTP API took to answer, by method, route (the path's first segment) and status class",
        "method", "route", "status");
    return request -> {
      long start = System.nanoTime();
      return handler.apply(request).thenApplyAsync(response -> {
        latency.labels(request.method().value(), routeOf(request.getUri().path()),
            (response.status().intValue() / 100) + "xx").observeNanos(System.nanoTime() - start);
        return response;
      }, ON_COMPLETING_THREAD);
    };
  }

  private static final Set<String> ROUTES = Set.of("kv", "kv-sessions", "repl", "cluster", "health", "metrics", "raft");

  private static String routeOf(String path) {
    int end = path.indexOf('/', 1);
    String first = end < 0 ? path.substring(Math.min(1, path.length())) : path.substring(1, end);
    return ROUTES.contains(first) ? first : first.isEmpty() ? "root" : "other";
  }

  // The node's settings, with requests that no route sees (unparsable) answered in JSON too.
  private static ServerSettings serverSettings(ChorusNode node) {
    return ServerSettings.create(ConfigFactory.parseMap(
        Map.of("pekko.http.server.parsing.error-handler", JsonParsingErrors.class.getName()))
        .withFallback(node.system().settings().config()));
  }

  Route route() {
    return handleExceptions(exceptions(), () -> handleRejections(rejections(), () -> concat(
        path("health", () -> get(this::health)),
        path("metrics", () -> get(this::metrics)),
        kv.map(store -> new KvRoutes(store, addresses).route()).orElseGet(() -> pathPrefix("kv",
            () -> error(StatusCodes.NOT_FOUND, "this node serves no key-value store; start it with --raft-kv"))),
        replicated.map(store -> new ReplicatedKvRoutes(store, addresses).route()).orElseGet(() -> pathPrefix("repl",
            () -> error(StatusCodes.NOT_FOUND, "this node serves no replicated store; start it with --replicated-kv"))),
        pathPrefix("cluster", () -> pathPrefix("members", () -> concat(
            pathEnd(() -> get(this::members)),
            path(PathMatchers.segment().slash("down"), id -> post(() -> down(id)))))),
        pathEndOrSingleSlash(() -> get(() -> json(StatusCodes.OK,
            Map.of("service", "chorus", "endpoints",
                List.of("GET /health", "GET /metrics", "GET /cluster/members", "POST /cluster/members/{id}/down",
                    "GET|PUT|DELETE /kv/{key}", "POST /kv/{key}/cas", "GET /raft/kv",
                    "GET|PUT|DELETE /repl/{store}/kv/{key}", "GET /repl/{store}", "POST /repl/{store}/switchover"))))))));
  }

  // The Prometheus text exposition format, open like the rest of the API: a scraper needs no
  // credentials.
  private Route metrics() {
    return complete(HttpResponse.create().withEntity(HttpEntities.create(
        ContentTypes.create(MediaTypes.TEXT_PLAIN, HttpCharsets.UTF_8), ChorusMetrics.get(node.system()).scrape())));
  }

  private Route health() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "ok");
    body.put("id", node.nodeId());
    body.put("address", node.selfAddress().toString());
    body.put("dataDir", node.dataDir().toAbsolutePath().toString());
    body.put("pid", ProcessHandle.current().pid());
    return json(StatusCodes.OK, body);
  }

  private Route members() {
    return parameterOptional("status", status -> {
      Optional<String> bad = status.filter(s -> !STATUSES.contains(s));
      if (bad.isPresent()) {
        return error(StatusCodes.BAD_REQUEST, "unknown status '" + bad.get()
            + "'; use one of " + STATUSES.stream().sorted().toList());
      }
      List<MemberView> all = MemberView.of(node.cluster().state());
      return json(StatusCodes.OK, all.stream()
          .filter(m -> status.map(m.status()::equals).orElse(true))
          .toList());
    });
  }

  // An operator's manual downing, as Pekko Management offers it: the downed node shuts down and,
  // with chorus.node.exit-jvm-when-downed, exits so that its supervisor restarts it.
  private Route down(String id) {
    Optional<Member> member = StreamSupport.stream(node.cluster().state().getMembers().spliterator(), false)
        .filter(m -> ChorusNode.nodeIdOf(m).equals(id))
        .findFirst();
    if (member.isEmpty()) {
      return error(StatusCodes.NOT_FOUND, "no member with id '" + id + "'");
    }
    node.cluster().manager().tell(new Down(member.get().address()));
    return json(StatusCodes.ACCEPTED, Map.of("downing", id, "address", member.get().address().toString()));
  }

  static Route json(StatusCode status, Object body) {
    return complete(jsonResponse(status, body));
  }

  static HttpResponse jsonResponse(StatusCode status, Object body) {
    try {
      return jsonResponse(status, JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON", e);
    }
  }

  /** A response of JSON already rendered. */
  static HttpResponse jsonResponse(StatusCode status, byte[] json) {
    return HttpResponse.create().withStatus(status).withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, json));
  }

  /** A JSON object of name, value pairs, in order (values may be null). */
  static Map<String, Object> body(Object... pairs) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], pairs[i + 1]);
    }
    return m;
  }

  static Route error(StatusCode status, String message) {
    return json(status, Map.of("error", message));
  }

  static HttpResponse errorResponse(StatusCode status, String message) {
    return jsonResponse(status, Map.of("error", message));
  }

  private static RejectionHandler rejections() {
    // A body that cannot be read is rejected with Pekko's own text, which names its exceptions.
    return RejectionHandler.newBuilder()
        .handle(MalformedRequestContentRejection.class, r -> complete(unreadable(r.getCause())))
        .build()
        .withFallback(RejectionHandler.defaultHandler())
        .mapRejectionResponse(NodeHttpServer::asJsonError);
  }

  private static HttpResponse unreadable(Throwable cause) {
    Throwable e = HttpErrors.cause(cause);
    return e instanceof EntityStreamSizeException tooLarge ? HttpErrors.bodyTooLarge(tooLarge)
        : errorResponse(StatusCodes.BAD_REQUEST, "the request body could not be read in full");
  }

  private static ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder()
        .match(CommandTooLarge.class, e -> complete(HttpErrors.tooLarge(e)))
        .match(IllegalArgumentException.class, e -> error(StatusCodes.BAD_REQUEST, e.getMessage()))
        .match(EntityStreamSizeException.class, e -> complete(HttpErrors.bodyTooLarge(e)))
        .match(RuntimeException.class, e -> complete(HttpErrors.internal(e)))
        .build();
  }

  // The default rejection handler answers in plain text; clients of a JSON API expect JSON.
  private static HttpResponse asJsonError(HttpResponse response) {
    HttpEntity entity = response.entity();
    if (!(entity instanceof HttpEntity.Strict strict)
        || entity.getContentType().equals(ContentTypes.APPLICATION_JSON)) {
      return response;
    }
    String message = strict.getData().utf8String();
    try {
      return response.withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON,
          JSON.writeValueAsString(Map.of("error", message))));
    } catch (JsonProcessingException e) {
      return response;
    }
  }
}
