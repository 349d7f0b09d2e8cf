package dev.chorus.samples.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link FlatJson} writes exactly Jackson's bytes, for every kind of string. */
class FlatJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<String> strings() {
    List<String> out = new ArrayList<>(List.of("", "plain", "with space", "a?b", "?", "quote\"d", "back\\slash",
        "tab\tnew\nline\r", "\u0000nul", "\u007fdel", "/slash", "caf\u00e9", "\u20ac euro", "\ud83d\ude00 pair",
        "lone \ud800 high", "lone \udc00 low", "end \ud800", "x".repeat(1024), "y".repeat(5000) + "\"",
        "{\"json\": [1, 2]}", "</script>"));
    for (char c = 0; c < 0x100; c++) {
      out.add("c" + c + "c");
    }
    return out;
  }

  private static byte[] jackson(Map<String, Object> m) throws Exception {
    return JSON.writeValueAsBytes(m);
  }

  @Test
  void aValueAnswerIsJacksonsBytesForEveryString() throws Exception {
    for (String s : strings()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key", s);
      m.put("value", s);
      m.put("version", 42L);
      assertArrayEquals(jackson(m), new FlatJson().string("key", s).string("value", s).number("version", 42).end(),
          () -> "for " + s.chars().mapToObj(Integer::toHexString).toList());
    }
  }

  @Test
  void nullsNumbersAndBooleansAreJacksons() throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", "k");
    m.put("swapped", false);
    m.put("current", null);
    m.put("version", Long.MIN_VALUE);
    m.put("ok", true);
    m.put("zero", 0L);
    byte[] flat = new FlatJson().string("key", "k").bool("swapped", false).string("current", null)
        .number("version", Long.MIN_VALUE).bool("ok", true).number("zero", 0).end();
    assertArrayEquals(jackson(m), flat, new String(flat, StandardCharsets.UTF_8));
    assertEquals("{}", new String(new FlatJson().end(), StandardCharsets.UTF_8));
  }
}
