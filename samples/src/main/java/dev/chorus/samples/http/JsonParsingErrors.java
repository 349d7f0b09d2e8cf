package dev.chorus.samples.http;

import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * The answer to a request so malformed that no route sees it (a bad request line, an illegal
 * escape, an unknown method, an over-long URI): Pekko's own is plain text, this one is the API's
 * JSON {@code {"error": ...}}, with the parser's summary of what was wrong. Named by {@code
 * pekko.http.server.parsing.error-handler} on the node's HTTP server.
 */
public final class JsonParsingErrors extends ParsingErrorHandler {
  /** Pekko creates the handler from its class name. */
  public JsonParsingErrors() {}

  @Override
  public HttpResponse handle(StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
    String detail = info.detail().isEmpty() ? "" : ": " + info.detail();
    log.warning("Illegal request, answered {}: {}{}", status.intValue(), info.summary(), detail);
    return NodeHttpServer.errorResponse(StatusCodes.get(status.intValue()),
        "the request could not be parsed: " + info.summary() + detail);
  }
}
