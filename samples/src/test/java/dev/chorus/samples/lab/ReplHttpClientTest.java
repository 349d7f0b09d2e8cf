package dev.chorus.samples.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.chorus.testkit.history.Op;
import dev.chorus.testkit.workload.Workload.Invocation;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The /repl/kv client against a stand-in node: Jepsen's outcome for every answer the API gives. */
class ReplHttpClientTest {
  private HttpServer server;
  private volatile int status = 200;
  private volatile String body = "{}";
  private final List<String> sessionsSent = new CopyOnWriteArrayList<>();
  private final ReplHttpClient client = new ReplHttpClient();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/repl/kv", exchange -> {
      sessionsSent.add(String.valueOf(exchange.getRequestHeaders().getFirst("Chorus-Session")));
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private ReplHttpClient.Answer answer(int code, String json, Invocation op) throws InterruptedException {
    status = code;
    body = json;
    return client.invoke(server.getAddress().getPort(), "n1", op, "session", "tok-1");
  }

  @Test
  void okWritesAndReadsCarryVersionsAndTheNewSession() throws Exception {
    ReplHttpClient.Answer w = answer(200, "{\"key\":\"a\",\"offset\":12,\"session\":\"tok-2\"}",
        new Invocation("write", "a", 7L));
    assertEquals(Op.Type.OK, w.outcome().type());
    assertEquals(Map.of("value", 7L, "version", 12L), w.outcome().value());
    assertEquals("tok-2", w.session());
    ReplHttpClient.Answer r = answer(200, "{\"key\":\"a\",\"value\":null,\"version\":0,\"session\":\"tok-3\"}",
        new Invocation("read", "a", null));
    Map<?, ?> read = (Map<?, ?>) r.outcome().value();
    assertNull(read.get("value"), "a key never written");
    assertEquals(0L, read.get("version"));
    assertEquals(List.of("tok-1", "tok-1"), sessionsSent, "the token goes in the Chorus-Session header");
  }

  @Test
  void refusalsFailAndTimeoutsOfWritesAreUnknown() throws Exception {
    Invocation add = new Invocation("add", "adds", 5L);
    ReplHttpClient.Answer redirect = answer(421, "{\"error\":\"not the leader\",\"leaderHint\":\"n2\"}", add);
    assertEquals(Op.Type.FAIL, redirect.outcome().type());
    assertEquals("n2", redirect.leaderHint());
    assertEquals(Op.Type.FAIL, answer(503, "{\"error\":\"sync needs every follower\"}", add).outcome().type());
    ReplHttpClient.Answer lost = answer(409, "{\"error\":\"lost\",\"sessionLost\":true}", add);
    assertEquals(Op.Type.FAIL, lost.outcome().type());
    assertTrue(lost.sessionLost());
    assertEquals(Op.Type.INFO, answer(504, "{\"error\":\"unknown\"}", add).outcome().type());
    assertEquals(Op.Type.FAIL, answer(504, "{\"error\":\"unknown\"}", new Invocation("read", "a", null))
        .outcome().type(), "a read changes nothing, so not knowing is a failure");
    assertNull(redirect.session());
  }

  @Test
  void aNodeThatIsDownCertainlyDidNothing() throws Exception {
    int port = server.getAddress().getPort();
    server.stop(0);
    ReplHttpClient.Answer a = client.invoke(port, "n1", new Invocation("add", "adds", 1L));
    assertEquals(Op.Type.FAIL, a.outcome().type());
    assertEquals("connection refused", a.outcome().value());
    assertTrue(client.status(port).isEmpty());
  }
}
