package dev.chorus.samples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import dev.chorus.core.ChorusNode;
import dev.chorus.testkit.cluster.FreePorts;
import dev.chorus.testkit.cluster.LocalCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's HTTP API over a real 2-node cluster in this JVM. */
class NodeHttpServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @TempDir static Path tmp;
  private static LocalCluster cluster;
  private static int httpPort;

  @BeforeAll
  static void start() {
    cluster = LocalCluster.start(2, tmp, ConfigFactory.empty());
    cluster.awaitAllUp(Duration.ofSeconds(60));
    httpPort = FreePorts.loopback(1).get(0);
    NodeHttpServer.bind(cluster.node(0), "127.0.0.1", httpPort).toCompletableFuture().join();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static HttpResponse<String> send(String method, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, HttpRequest.BodyPublishers.noBody())
        .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    assertEquals("application/json", response.headers().firstValue("content-type").orElse(""));
    return JSON.readTree(response.body());
  }

  @Test
  void healthNamesTheNode() throws Exception {
    HttpResponse<String> r = send("GET", "/health");
    assertEquals(200, r.statusCode());
    JsonNode body = json(r);
    assertEquals("n1", body.get("id").asText());
    assertEquals(ProcessHandle.current().pid(), body.get("pid").asLong());
    assertEquals(cluster.node(0).dataDir().toAbsolutePath().toString(), body.get("dataDir").asText());
  }

  @Test
  void membersListsEveryMemberUpWithItsId() throws Exception {
    HttpResponse<String> r = send("GET", "/cluster/members");
    assertEquals(200, r.statusCode());
    JsonNode body = json(r);
    assertEquals(2, body.size());
    for (int i = 0; i < 2; i++) {
      JsonNode m = body.get(i);
      assertEquals("Up", m.get("status").asText());
      assertTrue(m.get("reachable").asBoolean());
      assertTrue(m.get("roles").isArray());
    }
    List<String> ids = List.of(body.get(0).get("id").asText(), body.get(1).get("id").asText());
    assertTrue(ids.containsAll(List.of("n1", "n2")), ids.toString());
    ChorusNode n2 = cluster.node(1);
    assertTrue(r.body().contains(n2.selfAddress().toString()));
  }

  @Test
  void membersCanBeFilteredByStatus() throws Exception {
    assertEquals(2, json(send("GET", "/cluster/members?status=Up")).size());
    assertEquals(0, json(send("GET", "/cluster/members?status=Leaving")).size());
  }

  @Test
  void anUnknownStatusIsABadRequestWithAMessage() throws Exception {
    HttpResponse<String> r = send("GET", "/cluster/members?status=Sideways");
    assertEquals(400, r.statusCode());
    assertTrue(json(r).get("error").asText().contains("unknown status 'Sideways'"));
  }

  @Test
  void anUnknownPathIsANotFoundInJson() throws Exception {
    HttpResponse<String> r = send("GET", "/no/such/thing");
    assertEquals(404, r.statusCode());
    assertTrue(json(r).has("error"));
  }

  @Test
  void aWrongMethodIsRejectedInJson() throws Exception {
    HttpResponse<String> r = send("DELETE", "/health");
    assertEquals(405, r.statusCode());
    assertTrue(json(r).get("error").asText().contains("GET"));
  }

  @Test
  void downingAnUnknownMemberIsANotFound() throws Exception {
    HttpResponse<String> r = send("POST", "/cluster/members/n9/down");
    assertEquals(404, r.statusCode());
    assertTrue(json(r).get("error").asText().contains("no member with id 'n9'"));
  }
}
