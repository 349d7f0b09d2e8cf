package dev.chorus.samples.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.testkit.workload.Workload.Outcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * HTTP to a node's JSON API for the lab's clients, with Jepsen's rules for what an answer means:
 * ok when it took effect (200); fail when it certainly did not (a refused connection, any error
 * status but 504, and any read that did not answer, since reads change nothing); info when a
 * write's outcome is unknown (504, or no answer in time). Thread-safe.
 */
final class LabHttp {
  static final ObjectMapper JSON = new ObjectMapper();
  /** Longer than the stores' 5 s request timeouts, so that the node's own 504 comes first. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(7);
  private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(2);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  /**
   * What an exchange gave: a status and JSON body, or no answer ({@code failure} says why).
   *
   * @param refused whether the connection was refused, so that the request certainly did nothing
   */
  record Exchange(int status, JsonNode body, boolean refused, String failure, boolean duplicate) {
    Exchange(int status, JsonNode body, boolean refused, String failure) {
      this(status, body, refused, failure, false);
    }

    boolean answered() {
      return failure == null;
    }

    /** The leader the node pointed to (421), or null. */
    String leaderHint() {
      return body != null && body.hasNonNull("leaderHint") ? body.get("leaderHint").asText() : null;
    }

    /** A text field of the body, or null. */
    String text(String field) {
      return body != null && body.hasNonNull(field) ? body.get(field).asText() : null;
    }

    /** "503 no leader": the status and the node's error message, as a failed operation's value. */
    String why() {
      if (!answered()) {
        return failure;
      }
      String error = text("error");
      return status + " " + (error == null ? "" : error);
    }
  }

  /** A request builder for {@code path} on the node at {@code httpPort} on 127.0.0.1. */
  static HttpRequest.Builder request(int httpPort, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(REQUEST_TIMEOUT);
  }

  /** Sends {@code request}; never throws for a node that is down, paused or slow. */
  Exchange send(HttpRequest request) throws InterruptedException {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode body;
      try {
        body = JSON.readTree(r.body());
      } catch (IOException notJson) {
        body = JSON.createObjectNode().put("error", r.body());
      }
      // A session write's retry that the store answered from its session table (RaftKv).
      boolean duplicate = r.headers().firstValue("Chorus-Duplicate").map("true"::equals).orElse(false);
      return new Exchange(r.statusCode(), body, false, null, duplicate);
    } catch (ConnectException e) {
      return new Exchange(0, null, true, "connection refused");
    } catch (IOException e) {
      return new Exchange(0, null, false, e.toString());
    }
  }

  /**
   * The outcome of an exchange by Jepsen's rules.
   *
   * @param mutates whether the request may change the store (a write); a read that did not
   *     answer certainly changed nothing
   * @param okValue the value an ok operation records
   */
  static Outcome outcome(Exchange x, boolean mutates, Object okValue, String node) {
    if (!x.answered()) {
      return x.refused() || !mutates ? Outcome.fail(x.why(), node) : Outcome.info(x.why(), node);
    }
    if (x.status() == 200) {
      return Outcome.ok(okValue, node);
    }
    return x.status() == 504 && mutates ? Outcome.info(x.why(), node) : Outcome.fail(x.why(), node);
  }

  /** The JSON that {@code GET path} answers with 200, or empty when the node does not answer. */
  Optional<JsonNode> getJson(int httpPort, String path) throws InterruptedException {
    Exchange x = send(request(httpPort, path).timeout(STATUS_TIMEOUT).GET().build());
    return x.answered() && x.status() == 200 ? Optional.of(x.body()) : Optional.empty();
  }
}
