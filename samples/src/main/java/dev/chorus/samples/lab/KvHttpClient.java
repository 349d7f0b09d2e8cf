package dev.chorus.samples.lab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.testkit.workload.Workload.Invocation;
import dev.chorus.testkit.workload.Workload.Outcome;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A lab client of a node's {@code /kv} API: reads, writes, compare-and-sets, a list's read
 * ({@code read-list}, its text), and appends ({@code add}), outside a session or in one. Every outcome follows Jepsen's rules: ok when it took
 * effect; fail when it certainly did not (a refused connection, 421 not the leader, 503 no
 * leader, 409 a cas that did not match, and any read that did not answer, since reads change
 * nothing); info when a write's outcome is unknown (504, or no answer in time).
 */
final class KvHttpClient {
  private final LabHttp http = new LabHttp();

  /** What a node answered, and the leader it pointed to, if any. */
  record Answer(Outcome outcome, String leaderHint, boolean duplicate) {
    Answer(Outcome outcome, String leaderHint) {
      this(outcome, leaderHint, false);
    }
  }

  /** The session a client sends its appends in (thesis §6.3). */
  record Session(long clientId, long sequence) {}

  /**
   * Opens a session at a node ({@code POST /kv-sessions}): its client id, or empty with the
   * answer's leader hint when the node did not open one.
   */
  Answer openSession(int httpPort, String nodeId) throws InterruptedException {
    LabHttp.Exchange x = http.send(LabHttp.request(httpPort, "/kv-sessions").POST(HttpRequest.BodyPublishers.noBody()).build());
    Object id = x.answered() && x.status() == 200 ? x.body().get("clientId").asLong() : null;
    return new Answer(LabHttp.outcome(x, true, id, nodeId), x.leaderHint());
  }

  /**
   * Appends {@code op}'s element to the list {@code op.key()} in {@code session}: ok (also for a
   * duplicate, which the store answers with the first answer and does not apply again), fail with
   * "410 ..." when the session expired.
   */
  Answer append(int httpPort, String nodeId, Invocation op, Session session) throws InterruptedException {
    LabHttp.Exchange x = http.send(LabHttp.request(httpPort, "/kv/" + op.key() + "/append")
        .header("Chorus-Client-Id", Long.toString(session.clientId()))
        .header("Chorus-Sequence", Long.toString(session.sequence()))
        .POST(HttpRequest.BodyPublishers.ofString(String.valueOf(op.value()))).build());
    return new Answer(LabHttp.outcome(x, true, op.value(), nodeId), x.leaderHint(), x.duplicate());
  }

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
    boolean isRead = op.f().startsWith("read");
    LabHttp.Exchange x = http.send(request(httpPort, op, consistency));
    Object okValue = x.answered() && x.status() == 200 ? okValue(op, x.body()) : null;
    return new Answer(LabHttp.outcome(x, !isRead, okValue, nodeId), x.leaderHint());
  }

  private static Object okValue(Invocation op, JsonNode body) {
    if (op.f().equals("read")) {
      return body.hasNonNull("value") ? Long.parseLong(body.get("value").asText()) : null;
    }
    if (op.f().equals("read-list")) {
      return body.hasNonNull("value") ? body.get("value").asText() : "";
    }
    return op.value();
  }

  /**
   * The node's view of the store's Raft group ({@code GET /raft/kv}), or empty when it does not
   * answer (down, paused, restarting).
   */
  Optional<JsonNode> status(int httpPort) throws InterruptedException {
    return http.getJson(httpPort, "/raft/kv");
  }

  private static HttpRequest request(int port, Invocation op, String consistency) {
    HttpRequest.Builder b = LabHttp.request(port, "/kv/" + op.key() + (op.f().equals("cas") ? "/cas"
        : op.f().equals("add") ? "/append" : op.f().startsWith("read") ? "?consistency=" + consistency : ""));
    return switch (op.f()) {
      case "read", "read-list" -> b.GET().build();
      case "write" -> b.PUT(HttpRequest.BodyPublishers.ofString(String.valueOf(op.value()))).build();
      case "add" -> b.POST(HttpRequest.BodyPublishers.ofString(String.valueOf(op.value()))).build();
      case "cas" -> {
        List<?> pair = (List<?>) op.value();
        yield b.POST(HttpRequest.BodyPublishers.ofString(json(
            Map.of("expected", String.valueOf(pair.get(0)), "value", String.valueOf(pair.get(1)))))).build();
      }
      default -> throw new IllegalArgumentException("no such kv operation " + op.f());
    };
  }

  private static String json(Object value) {
    try {
      return LabHttp.JSON.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + value + " as JSON", e);
    }
  }
}
