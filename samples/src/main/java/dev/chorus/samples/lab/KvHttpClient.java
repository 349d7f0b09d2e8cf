package dev.chorus.samples.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.testkit.workload.Workload.Invocation;
import dev.chorus.testkit.workload.Workload.Outcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A lab client of a node's {@code /kv} API. Every outcome follows Jepsen's rules: ok when it took
 * effect; fail when it certainly did not (a refused connection, 421 not the leader, 503 no
 * leader, 409 a cas that did not match, and any read that did not answer, since reads change
 * nothing); info when a write's outcome is unknown (504, or no answer in time).
 */
final class KvHttpClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Longer than the group's 5 s request timeout, so that the node's own 504 comes first. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(7);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  /** What a node answered, and the leader it pointed to, if any. */
  record Answer(Outcome outcome, String leaderHint) {}

  /** One operation at a node; a read is linearizable (ReadIndex). */
  Answer invoke(int httpPort, String nodeId, Invocation op) throws InterruptedException {
    return invoke(httpPort, nodeId, op, "linearizable");
  }

  /**
   * One operation at a node.
   *
   * @param consistency for a read, the {@code consistency} the node serves it with
   */
  Answer invoke(int httpPort, String nodeId, Invocation op, String consistency) throws InterruptedException {
    boolean isRead = op.f().equals("read");
    try {
      HttpResponse<String> r = http.send(request(httpPort, op, consistency), HttpResponse.BodyHandlers.ofString());
      JsonNode body = JSON.readTree(r.body());
      String hint = body.hasNonNull("leaderHint") ? body.get("leaderHint").asText() : null;
      return new Answer(outcome(op, r.statusCode(), body, nodeId), hint);
    } catch (ConnectException e) {
      return new Answer(Outcome.fail("connection refused", nodeId), null);
    } catch (IOException e) {
      // Sent, but no answer: a write may have been applied.
      return new Answer(isRead ? Outcome.fail(e.toString(), nodeId) : Outcome.info(e.toString(), nodeId), null);
    }
  }

  private static Outcome outcome(Invocation op, int status, JsonNode body, String node) {
    if (status == 200) {
      return Outcome.ok(okValue(op, body), node);
    }
    String why = status + " " + (body.hasNonNull("error") ? body.get("error").asText() : "");
    boolean unknown = status == 504 && !op.f().equals("read");
    return unknown ? Outcome.info(why, node) : Outcome.fail(why, node);
  }

  private static Object okValue(Invocation op, JsonNode body) {
    if (op.f().equals("read")) {
      return body.hasNonNull("value") ? Long.parseLong(body.get("value").asText()) : null;
    }
    return op.value();
  }

  /**
   * The node's view of the store's Raft group ({@code GET /raft/kv}), or empty when it does not
   * answer (down, paused, restarting).
   */
  Optional<JsonNode> status(int httpPort) throws InterruptedException {
    HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/raft/kv"))
        .timeout(Duration.ofSeconds(2)).GET().build();
    try {
      HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static HttpRequest request(int port, Invocation op, String consistency) throws IOException {
    String key = op.f().equals("add") ? "s-" + op.value() : op.key();
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/kv/" + key
        + (op.f().equals("cas") ? "/cas" : op.f().equals("read") ? "?consistency=" + consistency : "")))
        .timeout(REQUEST_TIMEOUT);
    return switch (op.f()) {
      case "read" -> b.GET().build();
      case "write", "add" -> b.PUT(HttpRequest.BodyPublishers.ofString(String.valueOf(
          op.f().equals("add") ? 1 : op.value()))).build();
      case "cas" -> {
        List<?> pair = (List<?>) op.value();
        yield b.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
            Map.of("expected", String.valueOf(pair.get(0)), "value", String.valueOf(pair.get(1)))))).build();
      }
      default -> throw new IllegalArgumentException("no such kv operation " + op.f());
    };
  }
}
