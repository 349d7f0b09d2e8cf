package dev.chorus.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.testkit.cluster.FreePorts;
import dev.chorus.testkit.junit.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./chorus node} is the production node app: it runs, serves its HTTP API and a store, with
 * no {@code chorus-testkit} jar on its classpath, so it ships no fault-injection code.
 */
class NodeWithoutTestkitIT {
  private static final Duration GUARD = Duration.ofSeconds(60);

  @Test
  void theNodeRunsWithoutTheTestkitOnItsClasspath(@TempDir Path dir) throws Exception {
    Path root = Path.of(System.getProperty("chorus.repo.root", "..")).toAbsolutePath().normalize();
    List<Integer> ports = FreePorts.loopback(2);
    Path log = dir.resolve("node.log");
    ProcessBuilder pb = new ProcessBuilder(root.resolve("chorus").toString(), "node", "--id", "n1",
        "--port", ports.get(0).toString(), "--http", ports.get(1).toString(),
        "--data-dir", dir.resolve("data").toString(), "--raft-kv", "n1")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("CHORUS_NO_BUILD", "1");
    Process node = pb.start();
    try {
      String classpath = awaitClasspath(node.pid());
      assertTrue(classpath.contains("chorus-consensus"), classpath);
      assertFalse(classpath.contains("testkit") || classpath.contains("junit"), "no testkit, no test library: " + classpath);
      HttpClient http = HttpClient.newHttpClient();
      URI kv = URI.create("http://127.0.0.1:" + ports.get(1) + "/kv/k");
      HttpResponse<String> put = awaitOk(http, HttpRequest.newBuilder(kv)
          .PUT(HttpRequest.BodyPublishers.ofString("v")).build(), node, log);
      assertEquals(200, put.statusCode(), put.body());
      HttpResponse<String> get = http.send(HttpRequest.newBuilder(kv).build(), HttpResponse.BodyHandlers.ofString());
      assertTrue(get.body().contains("\"value\":\"v\""), get.body());
    } finally {
      node.destroyForcibly();
      node.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** The java process's {@code -cp}, once the script has exec'd it: no event tells when. */
  private static String awaitClasspath(long pid) throws Exception {
    return Await.value("the node process to show a -cp argument", GUARD, () -> {
      List<String> args = ProcessHandle.of(pid).flatMap(h -> h.info().arguments()).map(List::of).orElse(List.of());
      int cp = args.indexOf("-cp");
      return cp >= 0 && cp + 1 < args.size() ? Optional.of(args.get(cp + 1)) : Optional.empty();
    });
  }

  /** Sends {@code request} until the node answers 200, within the guard; fails at once if it exits. */
  private static HttpResponse<String> awaitOk(HttpClient http, HttpRequest request, Process node, Path log)
      throws Exception {
    AtomicReference<String> last = new AtomicReference<>("none");
    return Await.value("the node to answer 200", GUARD, () -> {
      if (!node.isAlive()) {
        throw new AssertionError("the node exited with " + node.exitValue() + "; its output:\n" + output(log));
      }
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        last.set(response.statusCode() + " " + response.body());
        return response.statusCode() == 200 ? Optional.of(response) : Optional.empty();
      } catch (IOException notYet) {
        return Optional.empty(); // the node is still starting
      }
    }, () -> last.get() + "; its output:\n" + output(log));
  }

  private static String output(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }
}
