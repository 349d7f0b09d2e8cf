package dev.chorus.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.core.MemberView;
import dev.chorus.samples.http.MembersProbe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ./chorus cluster --nodes 3} as a user runs it, against the packaged distribution: it forms
 * a cluster, restarts nodes that exit, and leaves no process behind, whether it is stopped with
 * SIGTERM or killed with SIGKILL while one of its nodes is paused. The timeouts only guard against
 * hangs, except the 10 s that the issue sets for children to disappear.
 */
class ChorusClusterCommandIT {
  private static final Duration FORM_GUARD = Duration.ofSeconds(90);
  private static final Duration CHILDREN_GONE = Duration.ofSeconds(10);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MembersProbe probe = new MembersProbe();
  private ClusterProcess cluster;

  @AfterEach
  void killWhateverIsLeft() {
    if (cluster != null) {
      cluster.destroyEverything();
    }
  }

  private List<ClusterProcess.Row> startCluster(String name) throws Exception {
    cluster = ClusterProcess.start(3, Path.of("target", "it", name).toAbsolutePath());
    cluster.awaitLines(l -> l.startsWith("Cluster of 3 nodes is Up"), 1, FORM_GUARD);
    List<ClusterProcess.Row> rows = cluster.lastTable();
    assertEquals(3, rows.size(), cluster.output());
    for (ClusterProcess.Row row : rows) {
      assertEquals("Up", row.status(), cluster.output());
      assertThreeMembersUp(row.httpPort());
    }
    return rows;
  }

  private void assertThreeMembersUp(int httpPort) {
    List<MemberView> members = probe.members(httpPort).orElseThrow(
        () -> new AssertionError("no answer from port " + httpPort + "\n" + cluster.output()));
    assertEquals(3, members.size(), members.toString());
    assertTrue(members.stream().allMatch(m -> m.status().equals("Up") && m.reachable()), members.toString());
    assertEquals(Set.of("n1", "n2", "n3"), Set.copyOf(members.stream().map(MemberView::id).toList()));
  }

  private static JsonNode health(int httpPort) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health"))
        .timeout(Duration.ofSeconds(5)).build();
    return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
  }

  /**
   * The README's {@code ./chorus cluster --nodes 3} served no store ("start it with --raft-kv"):
   * now both stores answer at the endpoints the table prints, and a follower's 421 names the
   * leader's HTTP address, where the write succeeds.
   */
  private void assertStoresServeTheirPrintedEndpoints(List<ClusterProcess.Row> rows) throws Exception {
    java.util.Map<String, String> endpoints = new java.util.HashMap<>();
    java.util.regex.Pattern store = java.util.regex.Pattern.compile("^(raft-kv|replicated-kv)\\s+(n\\d)\\s+(http://\\S+)\\{key}$");
    for (String line : cluster.output().split("\n")) {
      java.util.regex.Matcher m = store.matcher(line);
      if (m.matches()) {
        endpoints.put(m.group(1), m.group(3));
      }
    }
    assertEquals(Set.of("raft-kv", "replicated-kv"), endpoints.keySet(), cluster.output());
    for (String endpoint : endpoints.values()) {
      assertEquals(200, send("PUT", endpoint + "greeting", "hello").statusCode(), endpoint);
      assertEquals("hello", JSON.readTree(send("GET", endpoint + "greeting", null).body()).get("value").asText());
      String path = URI.create(endpoint).getPath();
      int leaderPort = URI.create(endpoint).getPort();
      ClusterProcess.Row follower = rows.stream().filter(r -> r.httpPort() != leaderPort).findFirst().orElseThrow();
      HttpResponse<String> refused = send("PUT", "http://127.0.0.1:" + follower.httpPort() + path + "other", "x");
      assertEquals(421, refused.statusCode(), refused.body());
      String leaderUrl = JSON.readTree(refused.body()).get("leaderUrl").asText();
      assertEquals("http://127.0.0.1:" + leaderPort, leaderUrl, refused.body());
      assertEquals(200, send("PUT", leaderUrl + path + "other", "x").statusCode());
    }
  }

  private static HttpResponse<String> send(String method, String url, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void formsRestartsExitedNodesAndStopsEveryChildOnSigterm() throws Exception {
    List<ClusterProcess.Row> rows = startCluster("sigterm");
    assertStoresServeTheirPrintedEndpoints(rows);

    // A child that exits is restarted with the same id and data directory (kill -9 here).
    ClusterProcess.Row n2 = rows.get(1);
    JsonNode before = health(n2.httpPort());
    ProcessHandle.of(n2.pid()).orElseThrow().destroyForcibly();
    cluster.awaitLines(l -> l.startsWith("n2 exited with status 137 and was restarted"), 1, FORM_GUARD);
    cluster.awaitLines(l -> l.startsWith("All 3 nodes are Up again"), 1, FORM_GUARD);
    JsonNode after = health(n2.httpPort());
    assertEquals("n2", after.get("id").asText());
    assertEquals(before.get("dataDir").asText(), after.get("dataDir").asText());
    assertNotEquals(before.get("pid").asLong(), after.get("pid").asLong());
    rows.forEach(r -> assertThreeMembersUp(r.httpPort()));

    // A node the cluster downs exits with status 3 and comes back as a new incarnation.
    ClusterProcess.Row n3 = rows.get(2);
    long n3Pid = health(n3.httpPort()).get("pid").asLong();
    HttpRequest down = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + rows.get(0).httpPort() + "/cluster/members/n3/down"))
        .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.noBody()).build();
    assertEquals(202, HTTP.send(down, HttpResponse.BodyHandlers.ofString()).statusCode());
    cluster.awaitLines(l -> l.startsWith("n3 exited with status 3 and was restarted"), 1, FORM_GUARD);
    cluster.awaitLines(l -> l.startsWith("All 3 nodes are Up again"), 2, FORM_GUARD);
    assertNotEquals(n3Pid, health(n3.httpPort()).get("pid").asLong());
    rows.forEach(r -> assertThreeMembersUp(r.httpPort()));

    Set<Long> children = cluster.descendants();
    assertTrue(children.size() >= 3, "expected the node JVMs among " + children);
    cluster.process.destroy(); // SIGTERM
    assertAllGone(children);
  }

  @Test
  void sigkillToTheParentLeavesNoChildEvenOneStoppedWithSigstop() throws Exception {
    List<ClusterProcess.Row> rows = startCluster("sigkill");
    Set<Long> children = cluster.descendants();
    long paused = rows.get(0).pid();
    new ProcessBuilder("kill", "-STOP", Long.toString(paused)).start().waitFor(5, TimeUnit.SECONDS);
    cluster.process.destroyForcibly(); // SIGKILL
    assertAllGone(children);
  }

  private void assertAllGone(Set<Long> children) throws InterruptedException {
    Set<Long> all = new HashSet<>(children);
    all.add(cluster.process.pid());
    long deadline = System.nanoTime() + CHILDREN_GONE.toNanos();
    while (System.nanoTime() < deadline && all.stream().anyMatch(ChorusClusterCommandIT::alive)) {
      TimeUnit.MILLISECONDS.sleep(100);
    }
    List<Long> left = all.stream().filter(ChorusClusterCommandIT::alive).toList();
    assertTrue(left.isEmpty(), "still running " + CHILDREN_GONE + " after the parent was stopped: " + left);
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
