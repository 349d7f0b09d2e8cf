package dev.chorus.benchmarks.kv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Asks a member over HTTP whom it sees as leader: a Chorus node through {@code GET /raft/kv}, an
 * etcd member through {@code POST /v3/maintenance/status}. Blocking, with a short timeout; for
 * setting up runs and for timing failover, not for load.
 */
final class LeaderProbe {
  /** One member's view: whether it is the leader itself, and the leader it knows, if any. */
  record View(boolean isLeader, Optional<String> leader, long term) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

  /** Chorus: this node's view of the raft-kv group, or empty if it does not answer. */
  Optional<View> chorus(int httpPort) {
    return get(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/raft/kv")).GET())
        .map(j -> chorusView(j, "term"));
  }

  /** A Chorus status's {@code role} and {@code leader}, with its {@code termField} as the term. */
  private static View chorusView(JsonNode j, String termField) {
    return new View("leader".equals(j.path("role").asText()),
        j.path("leader").isTextual() ? Optional.of(j.path("leader").asText()) : Optional.empty(),
        j.path(termField).asLong());
  }

  /**
   * Chorus: this node's view of the leader-follower store {@code store} ({@code GET /repl/{store}}),
   * or empty if it does not answer; the term is the store's epoch.
   */
  Optional<View> replicated(int httpPort, String store) {
    return replicatedStatus(httpPort, store).map(j -> chorusView(j, "epoch"));
  }

  /** Chorus: the status of this node's replica of {@code store}, or empty if it does not answer. */
  Optional<JsonNode> replicatedStatus(int httpPort, String store) {
    return get(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/repl/" + store)).GET());
  }

  /** etcd: this member's status (member_id, leader), or empty if it does not answer. */
  Optional<View> etcd(URI endpoint) {
    return get(HttpRequest.newBuilder(endpoint.resolve("/v3/maintenance/status"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")))
        .map(j -> {
          String self = j.path("header").path("member_id").asText();
          String leader = j.path("leader").asText();
          return new View(!self.isEmpty() && self.equals(leader), Optional.of(leader).filter(l -> !l.isEmpty()),
              j.path("raftTerm").asLong());
        });
  }

  /** Sends one request; a 2xx JSON answer, or empty on any error or timeout. */
  Optional<JsonNode> get(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(1)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() / 100 == 2 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Sends one request and returns its status code, or -1 on an I/O error or timeout. */
  int status(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
