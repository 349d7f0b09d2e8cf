package dev.chorus.benchmarks.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class HttpLoadResultTest {
  @Test
  void runsSideBySideAddUp() {
    HttpLoad.Result a = result("a", 16, 1000, 10.0, 1_000_000, Map.of("http-503", 2L));
    HttpLoad.Result b = result("b", 16, 3000, 10.2, 3_000_000, Map.of("http-503", 1L, "io-closed-by-server", 1L));

    HttpLoad.Result both = HttpLoad.Result.combined(List.of(a, b));

    assertEquals(32, both.clients());
    assertEquals(4000, both.ok());
    assertEquals(10.1, both.seconds(), 1e-9);
    assertEquals(4000, both.latencyNanos().getTotalCount());
    assertEquals(3_000_000, both.latencyNanos().getValueAtPercentile(50), 3_000_000 / 500.0);
    assertEquals(Map.of("http-503", 3L, "io-closed-by-server", 1L), both.errors());
    assertEquals("http-503 from run a", both.errorSamples().get("http-503"));
  }

  private static HttpLoad.Result result(String name, int clients, long ok, double seconds, long latencyNanos, Map<String, Long> errors) {
    Histogram h = new Histogram(3);
    h.recordValueWithCount(latencyNanos, ok);
    Map<String, String> samples = new TreeMap<>();
    errors.keySet().forEach(k -> samples.put(k, k + " from run " + name));
    return new HttpLoad.Result(clients, ok, seconds, h, errors, samples);
  }
}
