package dev.chorus.samples.http;

import dev.chorus.core.MemberView;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Asks a node's HTTP API which members it sees. Each call is bounded by a short timeout and
 * never throws for an unreachable node: it reports that as empty. Thread-safe.
 */
public final class MembersProbe {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  /** The members that the node serving {@code httpPort} on 127.0.0.1 sees, or empty if it does not answer. */
  public Optional<List<MemberView>> members(int httpPort) {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + httpPort + "/cluster/members"))
        .timeout(TIMEOUT)
        .GET()
        .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return Optional.empty();
      }
      return Optional.of(JSON.readValue(response.body(), new TypeReference<List<MemberView>>() {}));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Whether the node sees exactly {@code size} members, all Up and reachable. */
  public boolean seesAllUp(int httpPort, int size) {
    return members(httpPort)
        .map(ms -> ms.size() == size
            && ms.stream().allMatch(m -> m.status().equals("Up") && m.reachable()))
        .orElse(false);
  }
}
