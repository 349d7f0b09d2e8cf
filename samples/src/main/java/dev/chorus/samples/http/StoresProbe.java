package dev.chorus.samples.http;

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
 * Asks a node's HTTP API which member leads one of its stores ({@code GET /raft/kv} or {@code GET
 * /repl/{store}}). Each call is bounded by a short timeout and never throws for a node that does
 * not answer: it reports that as empty. Thread-safe.
 */
public final class StoresProbe {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  /** The leader that the node on 127.0.0.1:{@code httpPort} sees for the store at {@code statusPath}, if any. */
  public Optional<String> leader(int httpPort, String statusPath) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + statusPath))
        .timeout(TIMEOUT).GET().build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return Optional.empty();
      }
      JsonNode leader = JSON.readTree(response.body()).get("leader");
      return leader == null || !leader.isTextual() || leader.asText().isEmpty()
          ? Optional.empty() : Optional.of(leader.asText());
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
