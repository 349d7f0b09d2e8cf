package dev.chorus.samples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import dev.chorus.consensus.RaftGroupSettings;
import dev.chorus.consensus.kv.RaftKv;
import dev.chorus.testkit.cluster.FreePorts;
import dev.chorus.testkit.cluster.LocalCluster;
import dev.chorus.testkit.junit.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key-value API over a real 3-node cluster in this JVM. Each node serves it twice: with
 * {@link KvFastPath} and with the routes alone; every request here is sent to both, and the
 * answers must be the same.
 */
class KvHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final Duration HANG = Duration.ofSeconds(60);

  @TempDir static Path tmp;
  private static LocalCluster cluster;
  private static List<Integer> fast;
  private static List<Integer> routed;
  private static int leader;

  @BeforeAll
  static void start() throws Exception {
    List<Integer> ports = FreePorts.loopback(6);
    fast = ports.subList(0, 3);
    routed = ports.subList(3, 6);
    // Each node advertises its fast server, as a sample node advertises its --http port.
    cluster = LocalCluster.start(3, tmp, ConfigFactory.parseString("""
        pekko.loglevel = WARNING
        """), i -> ConfigFactory.parseMap(Map.of("chorus.node.roles",
        List.of(LeaderAddresses.role("127.0.0.1", fast.get(i))))));
    cluster.awaitAllUp(HANG);
    RaftGroupSettings settings = RaftGroupSettings.defaults();
    for (int i = 0; i < 3; i++) {
      RaftKv kv = RaftKv.start(cluster.node(i), Set.of("n1", "n2", "n3"), settings);
      NodeHttpServer.bind(cluster.node(i), "127.0.0.1", fast.get(i), Optional.of(kv), Optional.empty(), true)
          .toCompletableFuture().join();
      NodeHttpServer.bind(cluster.node(i), "127.0.0.1", routed.get(i), Optional.of(kv), Optional.empty(), false)
          .toCompletableFuture().join();
    }
    leader = awaitLeader();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aPutIsReadBackAtEveryLevelAlike() throws Exception {
    Answer put = bothAgree("PUT", leader, "/kv/plain", "v1", "text/plain; charset=UTF-8", true);
    assertEquals(200, put.status, put.body.toString());
    for (String level : List.of("", "?consistency=linearizable", "?consistency=LEASE", "?consistency=stale",
        "?consistency=strong", "?consistency=causal", "?consistency=session", "?consistency=consistent-prefix",
        "?consistency=eventual", "?consistency=bounded-staleness(10,1s)")) {
      Answer got = bothAgree("GET", leader, "/kv/plain" + level, null, null, false);
      assertEquals(200, got.status);
      assertEquals("v1", got.body.get("value").asText());
      // The routes-only server wrote the same value after the fast one, at a later index.
      assertTrue(got.body.get("version").asLong() > put.body.get("version").asLong(), got.body.toString());
    }
  }

  @Test
  void keysAreDecodedAsTheRoutesDecodeThem() throws Exception {
    bothAgree("PUT", leader, "/kv/a%20b", "space", "text/plain", true);
    bothAgree("PUT", leader, "/kv/a%2Fb", "slash", "text/plain", true);
    assertEquals("a b", bothAgree("GET", leader, "/kv/a%20b", null, null, false).body.get("key").asText());
    Answer slash = bothAgree("GET", leader, "/kv/a%2Fb", null, null, false);
    assertEquals("a/b", slash.body.get("key").asText());
    assertEquals("slash", slash.body.get("value").asText());
  }

  @Test
  void aBodyIsDecodedInItsDeclaredCharset() throws Exception {
    bothAgree("PUT", leader, "/kv/latin", "d\u00e9j\u00e0", "text/plain; charset=ISO-8859-1", true);
    assertEquals("d\u00e9j\u00e0", bothAgree("GET", leader, "/kv/latin", null, null, false).body.get("value").asText());
  }

  @Test
  void anAbsentKeyIsNullAtVersionZero() throws Exception {
    Answer a = bothAgree("GET", leader, "/kv/never-written", null, null, false);
    assertEquals(200, a.status);
    assertTrue(a.body.get("value").isNull());
    assertEquals(0, a.body.get("version").asLong());
  }

  @Test
  void badInputAndOtherPathsGetTheRoutesAnswers() throws Exception {
    Answer level = bothAgree("GET", leader, "/kv/k?consistency=sideways", null, null, false);
    assertEquals(400, level.status);
    assertTrue(level.body.get("error").asText().contains("unknown consistency 'sideways'"), level.body.toString());
    Answer bounds = bothAgree("GET", leader, "/kv/k?consistency=bounded-staleness(1)", null, null, false);
    assertEquals(400, bounds.status);
    assertTrue(bounds.body.get("error").asText().contains("exactly two bounds"), bounds.body.toString());
    assertEquals(404, bothAgree("GET", leader, "/kv/k/", null, null, false).status);
    assertEquals(404, bothAgree("GET", leader, "/kv/", null, null, false).status);
    assertEquals(404, bothAgree("GET", leader, "/kvx/k", null, null, false).status);
    assertEquals(405, bothAgree("PATCH", leader, "/kv/k", "x", "text/plain", false).status);
    assertEquals(200, bothAgree("DELETE", leader, "/kv/k", null, null, true).status);
  }

  /** A 421 named only the leader's node id: a client needed a second lookup to reach it. */
  @Test
  void aFollowerAnswersNotLeaderWithTheLeadersIdAndHttpAddress() throws Exception {
    int follower = (leader + 1) % 3;
    // Keys of this test's own: a write to a key another test reads on a follower can reach that
    // follower between the fast server's answer and the routed one's (a loop run saw it).
    Answer put = bothAgree("PUT", follower, "/kv/hinted", "x", "text/plain", false);
    assertEquals(421, put.status);
    assertEquals(cluster.nodeId(leader), put.body.get("leaderHint").asText());
    String url = "http://127.0.0.1:" + fast.get(leader);
    assertEquals(url, put.body.get("leaderUrl").asText(), put.body.toString());
    assertTrue(put.body.get("error").asText().endsWith("at " + url), put.body.toString());
    Answer retried = send(fast.get(leader), "PUT", "/kv/hinted", "x", "text/plain");
    assertEquals(200, retried.status, "the leaderUrl takes the write: " + retried.body);
    assertEquals(200, bothAgree("GET", follower, "/kv/only-read?consistency=stale", null, null, false).status);
    assertEquals(200, bothAgree("GET", follower, "/kv/only-read?consistency=eventual", null, null, false).status,
        "eventual is served by any member");
    assertEquals(421, bothAgree("GET", follower, "/kv/only-read?consistency=session", null, null, false).status,
        "a level above consistent-prefix goes by ReadIndex, on the leader");
  }

  /** Thesis §6.3 over HTTP: a session write retried, at either server, is applied once and answered alike. */
  @Test
  void aSessionWriteRetriedIsAppliedOnceAndGetsTheFirstAnswer() throws Exception {
    HttpResponse<String> opened = exchange(fast.get(leader), "POST", "/kv-sessions", null, null);
    assertEquals(200, opened.statusCode(), opened.body());
    long client = JSON.readTree(opened.body()).get("clientId").asLong();
    assertEquals(RaftKv.DEFAULT_SESSION_TTL.toMillis(), JSON.readTree(opened.body()).get("ttlMs").asLong());
    List<HttpResponse<String>> appends = new java.util.ArrayList<>();
    for (int port : List.of(fast.get(leader), routed.get(leader), fast.get(leader))) {
      appends.add(exchange(port, "POST", "/kv/s-list/append", "e1", "text/plain", session(client, 1, 1)));
    }
    List<HttpResponse<String>> puts = new java.util.ArrayList<>();
    for (int port : List.of(fast.get(leader), routed.get(leader))) {
      puts.add(exchange(port, "PUT", "/kv/s-put", "v", "text/plain", session(client, 2, 2)));
    }
    for (List<HttpResponse<String>> tries : List.of(appends, puts)) {
      assertEquals(200, tries.get(0).statusCode(), tries.get(0).body());
      assertTrue(tries.get(0).headers().firstValue("Chorus-Duplicate").isEmpty());
      for (HttpResponse<String> retry : tries.subList(1, tries.size())) {
        assertEquals(JSON.readTree(tries.get(0).body()), JSON.readTree(retry.body()), "a retry gets the first answer");
        assertEquals("true", retry.headers().firstValue("Chorus-Duplicate").orElse(""));
      }
    }
    assertEquals("e1", bothAgree("GET", leader, "/kv/s-list", null, null, false).body.get("value").asText(),
        "three tries, one element");
    // Outside a session a retried append shows twice: what the session prevents.
    bothAgree("POST", leader, "/kv/p-list/append", "e1", "text/plain", true);
    assertEquals("e1,e1", bothAgree("GET", leader, "/kv/p-list", null, null, false).body.get("value").asText());
  }

  @Test
  void aWriteInAnUnknownSessionIsGoneAndBadSessionHeadersAre400() throws Exception {
    for (int port : List.of(fast.get(leader), routed.get(leader))) {
      HttpResponse<String> gone = exchange(port, "PUT", "/kv/s-gone", "v", "text/plain", session(999_999_999, 1, 1));
      assertEquals(410, gone.statusCode(), gone.body());
      assertEquals(999_999_999, JSON.readTree(gone.body()).get("clientId").asLong());
      for (String[] bad : List.of(new String[] {"Chorus-Client-Id", "1"},
          new String[] {"Chorus-Client-Id", "x", "Chorus-Sequence", "1"},
          new String[] {"Chorus-Client-Id", "1", "Chorus-Sequence", "1", "Chorus-Acknowledged-Below", "2"},
          new String[] {"Chorus-Client-Id", "1", "Chorus-Sequence", "0"})) {
        HttpResponse<String> refused = exchange(port, "PUT", "/kv/s-bad", "v", "text/plain", bad);
        assertEquals(400, refused.statusCode(), String.join(" ", bad) + ": " + refused.body());
        assertTrue(JSON.readTree(refused.body()).get("error").asText().contains("Chorus-")
            || JSON.readTree(refused.body()).get("error").asText().contains("sequence"), refused.body());
      }
    }
    Answer comma = bothAgree("POST", leader, "/kv/s-bad/append", "a,b", "text/plain", false);
    assertEquals(400, comma.status);
    assertTrue(comma.body.get("error").asText().contains("holds no ','"), comma.body.toString());
  }

  private static String[] session(long client, long sequence, long acknowledgedBelow) {
    return new String[] {"Chorus-Client-Id", Long.toString(client), "Chorus-Sequence", Long.toString(sequence),
        "Chorus-Acknowledged-Below", Long.toString(acknowledgedBelow)};
  }

  private record Answer(int status, JsonNode body) {}

  /**
   * Sends the request to {@code node}'s fast server and then to its routes-only server, checks
   * that both answer alike, and returns the fast server's answer. A write's version, which the
   * second write moves on, is left out of the comparison when {@code write}.
   */
  private static Answer bothAgree(String method, int node, String path, String body, String contentType,
      boolean write) throws Exception {
    Answer a = send(fast.get(node), method, path, body, contentType);
    Answer b = send(routed.get(node), method, path, body, contentType);
    assertEquals(a.status, b.status, method + " " + path + ": " + a.body + " / " + b.body);
    assertEquals(comparable(a.body, write), comparable(b.body, write), method + " " + path);
    return a;
  }

  private static JsonNode comparable(JsonNode body, boolean write) {
    JsonNode copy = body.deepCopy();
    if (write && copy instanceof ObjectNode o) {
      o.remove("version");
    }
    return copy;
  }

  private static Answer send(int port, String method, String path, String body, String contentType) throws Exception {
    HttpResponse<String> r = exchange(port, method, path, body, contentType);
    assertEquals("application/json", r.headers().firstValue("content-type").orElse(""), method + " " + path);
    return new Answer(r.statusCode(), JSON.readTree(r.body()));
  }

  private static HttpResponse<String> exchange(int port, String method, String path, String body, String contentType,
      String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(HANG);
    if (headers.length > 0) {
      b.headers(headers);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    Charset charset = contentType != null && contentType.contains("ISO-8859-1")
        ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, charset));
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  // No event over HTTP announces a leader: the members' status is asked again until one leads.
  private static int awaitLeader() throws Exception {
    return Await.value("a leader of raft group kv", HANG, () -> {
      for (int i = 0; i < 3; i++) {
        JsonNode status = JSON.readTree(exchange(fast.get(i), "GET", "/raft/kv", null, null).body());
        if ("leader".equals(status.get("role").asText())) {
          return Optional.of(i);
        }
      }
      return Optional.empty();
    });
  }
}
