package dev.chorus.samples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.core.ConsistencyLevel;
import dev.chorus.core.ConsistencyLevelNotSupportedException;
import dev.chorus.core.ServedLevels;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.junit.jupiter.api.Test;

/** One parameter for every store's reads: the level names, the first version's aliases, and 400s. */
class ConsistencyParamTest {
  @Test
  void levelNamesAndAliases() {
    assertEquals(ConsistencyLevel.STRONG, parse(null).level(), "absent: the fallback");
    assertEquals(ConsistencyLevel.CAUSAL, parse("causal").level());
    assertEquals(ConsistencyLevel.boundedStaleness(5, Duration.ofSeconds(2)),
        parse("bounded-staleness(5,2s)").level());
    assertEquals(ConsistencyLevel.CONSISTENT_PREFIX, parse("CONSISTENT_PREFIX").level());
    for (String alias : ConsistencyParam.ALIASES.keySet()) {
      ConsistencyParam p = parse(alias.toUpperCase());
      assertEquals(Optional.of(alias), p.alias());
      assertEquals(ConsistencyParam.ALIASES.get(alias), p.level());
    }
    assertEquals(ConsistencyLevel.EVENTUAL, parse("stale").level());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("sideways"));
    assertTrue(e.getMessage().startsWith("unknown consistency 'sideways'; use one of strong, causal"),
        e.getMessage());
  }

  @Test
  void aLevelAboveTheCeilingIs400NamingIt() throws Exception {
    HttpResponse r = ConsistencyParam.notSupported(new ConsistencyLevelNotSupportedException(
        ConsistencyLevel.STRONG, ServedLevels.upTo(ConsistencyLevel.SESSION)));
    assertEquals(400, r.status().intValue());
    byte[] bytes = ((HttpEntity.Strict) r.entity()).getData().toArray();
    JsonNode body = new ObjectMapper().readTree(bytes);
    assertEquals("strong", body.get("requested").asText());
    assertEquals("session", body.get("ceiling").asText());
    assertTrue(body.get("error").asText().contains("whose strongest level is session"), body.toString());
  }

  private static ConsistencyParam parse(String text) {
    return ConsistencyParam.parse(Optional.ofNullable(text), ConsistencyLevel.STRONG);
  }
}
