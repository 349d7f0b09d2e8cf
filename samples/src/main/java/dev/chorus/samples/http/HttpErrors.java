package dev.chorus.samples.http;

import com.typesafe.config.Config;
import dev.chorus.core.CommandTooLarge;
import java.util.Optional;
import java.util.UUID;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers the HTTP API gives when a request cannot be served, each a JSON
 * {@code {"error": ...}} that explains itself. No answer carries a Java exception's class name or
 * stack: a failure inside the node is logged with an id, and the answer names only the id.
 */
final class HttpErrors {
  /** The key of the largest request body the HTTP server reads. */
  static final String MAX_BODY_KEY = "pekko.http.server.parsing.max-content-length";

  private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

  private HttpErrors() {}

  /** 500: a failure inside the node, logged in full under an id the answer names. */
  static HttpResponse internal(Throwable failure) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    LOG.error("HTTP request failed inside the node (error id {})", id, failure);
    return NodeHttpServer.errorResponse(StatusCodes.INTERNAL_SERVER_ERROR,
        "the node failed to serve this request; its log has the details under error id " + id);
  }

  /** 413: a command larger than a store can replicate. */
  static HttpResponse tooLarge(CommandTooLarge e) {
    return NodeHttpServer.jsonResponse(StatusCodes.PAYLOAD_TOO_LARGE, NodeHttpServer.body("error", e.getMessage(),
        "limitBytes", e.limit(), "setting", e.setting()));
  }

  /** 413: a body larger than the HTTP server reads, of {@code size} bytes if known. */
  static HttpResponse bodyTooLarge(Optional<Long> size, long limit) {
    return NodeHttpServer.jsonResponse(StatusCodes.PAYLOAD_TOO_LARGE, NodeHttpServer.body(
        "error", "the request body" + size.map(s -> " of " + s + " bytes").orElse("") + " is larger than the "
            + limit + " bytes this server reads (" + MAX_BODY_KEY + ")",
        "limitBytes", limit, "setting", MAX_BODY_KEY));
  }

  /** 413 for Pekko's own refusal of a body over its limit. */
  static HttpResponse bodyTooLarge(EntityStreamSizeException e) {
    Optional<Long> size = e.actualSize().isDefined() ? Optional.of((Long) e.actualSize().get()) : Optional.empty();
    return bodyTooLarge(size, e.limit());
  }

  /** The body limit under {@code config}; {@link Long#MAX_VALUE} when it is {@code infinite}. */
  static long maxBodyBytes(Config config) {
    if (!config.hasPath(MAX_BODY_KEY) || "infinite".equals(config.getValue(MAX_BODY_KEY).unwrapped())) {
      return Long.MAX_VALUE;
    }
    return config.getBytes(MAX_BODY_KEY);
  }

  /** The exception that {@code t} wraps, as stages and streams wrap them, or {@code t} itself. */
  static Throwable cause(Throwable t) {
    Throwable e = t;
    while ((e instanceof java.util.concurrent.CompletionException || e instanceof java.util.concurrent.ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
