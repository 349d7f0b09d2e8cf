package dev.chorus.benchmarks.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KvApiTest {
  private static final InetSocketAddress NODE = new InetSocketAddress("127.0.0.1", 8081);

  @Test
  void replicatedWritesPutTheValueUnderTheStore() {
    String request = new String(KvApi.replicated(NODE, "kv", Optional.of("t")).write("k1", "abc".getBytes(
        StandardCharsets.US_ASCII)), StandardCharsets.ISO_8859_1);

    assertEquals("PUT /repl/kv/kv/k1 HTTP/1.1\r\nHost: 127.0.0.1:8081\r\nContent-Type: text/plain; charset=UTF-8\r\n"
        + "Content-Length: 3\r\n\r\nabc", request);
  }

  @Test
  void replicatedReadsNameTheLevelAndCarryTheSessionIfAny() {
    assertEquals("GET /repl/kv/kv/k1?consistency=session HTTP/1.1\r\nHost: 127.0.0.1:8081\r\nChorus-Session: 3:17\r\n\r\n",
        new String(KvApi.replicated(NODE, "kv", Optional.of("3:17")).read("k1", "session"), StandardCharsets.ISO_8859_1));
    assertEquals("GET /repl/kv/kv/k1?consistency=eventual HTTP/1.1\r\nHost: 127.0.0.1:8081\r\n\r\n",
        new String(KvApi.replicated(NODE, "kv", Optional.empty()).read("k1", "eventual"), StandardCharsets.ISO_8859_1));
  }
}
