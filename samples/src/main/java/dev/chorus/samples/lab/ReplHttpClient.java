package dev.chorus.samples.lab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.testkit.workload.Workload.Invocation;
import dev.chorus.testkit.workload.Workload.Outcome;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A lab client of a node's leader-follower store {@code /repl/kv} (ReplicatedKvRoutes), with
 * Jepsen's outcomes: ok when it took effect; fail when it certainly did not (a refused
 * connection, 421 not the leader, 503 unavailable, 409 session lost, and any read that did not
 * answer); info when a write's outcome is unknown (504, or no answer in time). Thread-safe.
 *
 * <p>Operations are {@link Invocation}s: {@code add} puts the unique key {@code s-<element>}
 * (the set workload); {@code write} puts a value at a key and records {@code {"value",
 * "version"}}, the version being the write's offset; {@code read} records {@code {"value",
 * "version"}} of what it saw, a key never written being version 0. Those are the shapes that
 * {@code Versions.field("version")} reads for the session checkers.
 */
final class ReplHttpClient {
  /** The store's path on a sample node ({@code --replicated-kv} runs the store "kv"). */
  static final String STORE = "/repl/kv";
  /** The header that carries a session token. */
  private static final String SESSION = "Chorus-Session";

  private final LabHttp http = new LabHttp();

  /**
   * What a node answered.
   *
   * @param outcome ok, fail or info
   * @param leaderHint the leader a 421 named, or null
   * @param session the session token of an ok answer, or null
   * @param sessionLost whether the node answered 409: a failover discarded what the session saw
   */
  record Answer(Outcome outcome, String leaderHint, String session, boolean sessionLost) {
    boolean ok() {
      return outcome.type() == dev.chorus.testkit.history.Op.Type.OK;
    }
  }

  /**
   * One operation at a node without a session; a read names no level, so it is served at the
   * leader at the store's strongest level ({@code strong} in the modes that lose no acknowledged
   * write, {@code session} in the others).
   */
  Answer invoke(int httpPort, String nodeId, Invocation op) throws InterruptedException {
    return invoke(httpPort, nodeId, op, null, null);
  }

  /**
   * One operation at a node.
   *
   * @param level for a read: a consistency level such as eventual or session, or null for the
   *     store's strongest, at the leader
   * @param session the token to send in the {@code Chorus-Session} header, or null for none
   */
  Answer invoke(int httpPort, String nodeId, Invocation op, String level, String session)
      throws InterruptedException {
    boolean isRead = op.f().equals("read");
    LabHttp.Exchange x = http.send(request(httpPort, op, level, session));
    boolean ok = x.answered() && x.status() == 200;
    Outcome outcome = LabHttp.outcome(x, !isRead, ok ? okValue(op, x.body()) : null, nodeId);
    return new Answer(outcome, x.leaderHint(), ok ? x.text("session") : null,
        x.answered() && x.status() == 409);
  }

  private static Object okValue(Invocation op, JsonNode body) {
    return switch (op.f()) {
      case "add" -> op.value();
      case "write" -> versioned(op.value(), body.get("offset").asLong());
      default -> versioned(body.hasNonNull("value") ? Long.parseLong(body.get("value").asText()) : null,
          body.get("version").asLong());
    };
  }

  private static Map<String, Object> versioned(Object value, long version) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("value", value);
    m.put("version", version);
    return m;
  }

  /**
   * The replica's status ({@code GET /repl/kv}): role, epoch, leader, offsets, lag,
   * lostAcknowledged, downgrades; empty when the node does not answer (down, paused, restarting).
   */
  Optional<JsonNode> status(int httpPort) throws InterruptedException {
    return http.getJson(httpPort, STORE);
  }

  private static HttpRequest request(int port, Invocation op, String level, String session) {
    String key = op.f().equals("add") ? "s-" + op.value() : op.key();
    String path = STORE + "/kv/" + URLEncoder.encode(key, StandardCharsets.UTF_8)
        + (op.f().equals("read") && level != null ? "?consistency=" + level : "");
    HttpRequest.Builder b = LabHttp.request(port, path);
    if (session != null) {
      b.header(SESSION, session);
    }
    return switch (op.f()) {
      case "read" -> b.GET().build();
      case "add" -> b.PUT(HttpRequest.BodyPublishers.ofString("1")).build();
      case "write" -> b.PUT(HttpRequest.BodyPublishers.ofString(String.valueOf(op.value()))).build();
      default -> throw new IllegalArgumentException("no such operation on /repl/kv: " + op.f());
    };
  }
}
