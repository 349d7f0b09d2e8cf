package com.example.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.chorus.testkit.cluster.LocalCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger's HTTP API on a one-member ledger. */
class LedgerHttpTest {
  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void opensDepositsTransfersAndRefusesAnOverdraft(@TempDir Path dir) throws Exception {
    try (LocalCluster cluster = LocalCluster.start(1, dir, ConfigFactory.empty())) {
      cluster.awaitAllUp(Duration.ofSeconds(60));
      Ledger ledger = Ledger.start(cluster.node(0), Set.of(cluster.nodeId(0)));
      try (LedgerHttp http = LedgerHttp.serve(ledger, "127.0.0.1", 0)) {
        String base = "http://127.0.0.1:" + http.port();
        // The first request may come before the member has elected itself: 421 or 503 until then.
        HttpResponse<String> opened = untilLed(() -> post(base + "/accounts/alice"));
        assertEquals("{\"account\":\"alice\",\"balance\":0}", opened.body());
        assertEquals(200, post(base + "/accounts/bob").statusCode());
        assertEquals("{\"account\":\"alice\",\"balance\":50}", post(base + "/accounts/alice/deposits?amount=50").body());
        HttpResponse<String> moved = post(base + "/transfers?from=alice&to=bob&amount=20");
        assertEquals("{\"from\":\"alice\",\"fromBalance\":30,\"to\":\"bob\",\"toBalance\":20}", moved.body());
        HttpResponse<String> overdraft = post(base + "/transfers?from=bob&to=alice&amount=21");
        assertEquals(400, overdraft.statusCode());
        assertTrue(overdraft.body().contains("holds 20, less than 21"), overdraft.body());
        assertEquals(400, post(base + "/transfers?from=bob&to=alice&amount=lots").statusCode());
        assertEquals("{\"alice\":30,\"bob\":20}", get(base + "/accounts").body());
        assertEquals(400, get(base + "/accounts/nobody").statusCode());
        assertEquals(404, get(base + "/accounts/alice/loans").statusCode());
      }
    }
  }

  private interface Request {
    HttpResponse<String> send() throws Exception;
  }

  private static HttpResponse<String> untilLed(Request request) throws Exception {
    HttpResponse<String> last = null;
    for (int i = 0; i < 200; i++) {
      last = request.send();
      if (last.statusCode() != 421 && last.statusCode() != 503) {
        return last;
      }
      Thread.sleep(100);
    }
    return last;
  }

  private HttpResponse<String> post(String uri) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(uri)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String uri) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
