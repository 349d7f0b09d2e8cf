package dev.chorus.samples.http;

import dev.chorus.consensus.kv.RaftKv;
import dev.chorus.core.kv.KvCommand;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.japi.function.Function;

/**
 * {@code GET /kv/{key}} and {@code PUT /kv/{key}} (with a body already read whole) answered
 * without the routing DSL; every other request goes to the routes.
 *
 * <p>Why: these two requests are what clients send by the thousand per second, and the routing
 * DSL builds and runs a tree of directives for each of them. Skipping it is request-handling work
 * taken off every read and write alike, which matters most to reads: a ReadIndex read does little
 * else (docs/benchmarks.md, "Third round"). The answers are exactly those of {@link KvRoutes}
 * (the same methods render them), which {@code KvHttpTest} checks against a server without this
 * path.
 */
final class KvFastPath implements Function<HttpRequest, CompletionStage<HttpResponse>> {
  private static final String PREFIX = "/kv/";

  private final RaftKv kv;
  private final KvRoutes answers;
  private final Function<HttpRequest, CompletionStage<HttpResponse>> routes;

  KvFastPath(RaftKv kv, KvRoutes answers, Function<HttpRequest, CompletionStage<HttpResponse>> routes) {
    this.kv = kv;
    this.answers = answers;
    this.routes = routes;
  }

  @Override
  public CompletionStage<HttpResponse> apply(HttpRequest request) throws Exception {
    Optional<String> key = key(request.getUri());
    if (key.isPresent() && request.method().equals(HttpMethods.GET)) {
      return get(key.get(), request.getUri().query().get("consistency"));
    }
    if (key.isPresent() && request.method().equals(HttpMethods.PUT) && request.entity() instanceof HttpEntity.Strict body) {
      TextBody.Decoded value = TextBody.decode(body.getData().toArray(), TextBody.charset(body));
      return value instanceof TextBody.Text t ? answers.write(new KvCommand.Put(key.get(), t.value()), SessionHeaders.parse(request))
          : CompletableFuture.completedFuture(((TextBody.Refused) value).response());
    }
    return routes.apply(request);
  }

  private CompletionStage<HttpResponse> get(String key, Optional<String> consistency) {
    try {
      return KvRoutes.readAt(kv, key, consistency).handle((v, t) -> t == null ? KvRoutes.value(v) : answers.failure(t));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(answers.failure(e));
    }
  }

  /**
   * The key of a path that is exactly {@code /kv/} and one non-empty segment, decoded as the
   * routes decode it; empty for any other path (those go to the routes, which answer 404 or
   * whatever else applies).
   */
  static Optional<String> key(Uri uri) {
    String raw = uri.getPathString();
    if (!raw.startsWith(PREFIX) || raw.length() == PREFIX.length() || raw.indexOf('/', PREFIX.length()) >= 0) {
      return Optional.empty();
    }
    Iterator<String> segments = uri.pathSegments().iterator();
    if (!segments.hasNext() || !segments.next().equals("kv") || !segments.hasNext()) {
      return Optional.empty();
    }
    String key = segments.next();
    return segments.hasNext() || key.isEmpty() ? Optional.empty() : Optional.of(key);
  }
}
