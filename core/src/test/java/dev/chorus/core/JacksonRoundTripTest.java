package dev.chorus.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.chorus.core.clock.HlcTimestamp;
import dev.chorus.core.clock.VectorClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JacksonRoundTripTest {

  /** Every vocabulary type as a field of a message, the way they travel between nodes. */
  record Envelope(
      ConsistencyLevel level,
      ConsistencyLevel.BoundedStaleness bounded,
      ConsistencyLevel.Fixed fixed,
      Quorum quorum,
      Epoch epoch,
      SessionToken session,
      HlcTimestamp timestamp,
      VectorClock clock,
      List<ConsistencyLevel> levels) {}

  private static final Envelope ENVELOPE = new Envelope(
      ConsistencyLevel.boundedStaleness(100, Duration.ofMillis(1500)),
      ConsistencyLevel.boundedStaleness(0, Duration.ZERO),
      ConsistencyLevel.Fixed.SESSION,
      Quorum.exactly(3),
      Epoch.of(7),
      SessionToken.of(new byte[] {-1, 0, 1, 2}),
      new HlcTimestamp(1_700_000_000_000L, 3),
      VectorClock.of(Map.of("node-a", 2L, "node-b", 5L)),
      List.of(ConsistencyLevel.STRONG, ConsistencyLevel.SESSION,
          ConsistencyLevel.CONSISTENT_PREFIX, ConsistencyLevel.EVENTUAL));

  static Stream<Arguments> mappers() {
    return Stream.of(
        Arguments.of("json", new ObjectMapper()),
        Arguments.of("cbor", new CBORMapper()),
        Arguments.of("pekko-like cbor", pekkoLike(new CBORMapper())));
  }

  /**
   * The modules and settings of Pekko's jackson-cbor serializer (its reference.conf): parameter
   * names make single-argument creators ambiguous, and FIELD = ANY exposes private fields.
   */
  private static ObjectMapper pekkoLike(ObjectMapper mapper) {
    return mapper
        .registerModule(new ParameterNamesModule())
        .registerModule(new Jdk8Module())
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
  }

  static Stream<Arguments> values() {
    List<Object> values = List.of(
        ConsistencyLevel.STRONG,
        ConsistencyLevel.boundedStaleness(100, Duration.ofSeconds(5)),
        ConsistencyLevel.SESSION,
        ConsistencyLevel.CONSISTENT_PREFIX,
        ConsistencyLevel.EVENTUAL,
        Quorum.ONE, Quorum.QUORUM, Quorum.ALL, Quorum.exactly(2),
        Epoch.ZERO, Epoch.of(Long.MAX_VALUE),
        SessionToken.empty(), SessionToken.of(new byte[] {1, 2, 3, 4, 5}),
        HlcTimestamp.ZERO, new HlcTimestamp(Long.MAX_VALUE, Integer.MAX_VALUE),
        VectorClock.empty(), VectorClock.of(Map.of("a", 1L, "b", Long.MAX_VALUE)));
    return mappers()
        .flatMap(m -> values.stream().map(v -> Arguments.of(m.get()[0], m.get()[1], v)));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("values")
  void eachTypeRoundTrips(String format, ObjectMapper mapper, Object value) throws Exception {
    byte[] bytes = mapper.writeValueAsBytes(value);
    assertEquals(value, mapper.readValue(bytes, value.getClass()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mappers")
  void consistencyLevelRoundTripsThroughItsInterfaceType(String format, ObjectMapper mapper)
      throws Exception {
    for (ConsistencyLevel level : List.of(ConsistencyLevel.STRONG,
        ConsistencyLevel.boundedStaleness(1, Duration.ofNanos(1)), ConsistencyLevel.EVENTUAL)) {
      byte[] bytes = mapper.writeValueAsBytes(level);
      assertEquals(level, mapper.readValue(bytes, ConsistencyLevel.class));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mappers")
  void messageWithEveryTypeRoundTrips(String format, ObjectMapper mapper) throws Exception {
    assertEquals(ENVELOPE, mapper.readValue(mapper.writeValueAsBytes(ENVELOPE), Envelope.class));
  }

  @Test
  void jsonFormsAreCompactAndReadable() throws Exception {
    ObjectMapper json = new ObjectMapper();
    assertEquals("\"bounded-staleness(100,1500ms)\"", json.writeValueAsString(ENVELOPE.level()));
    assertEquals("\"session\"", json.writeValueAsString(ConsistencyLevel.SESSION));
    assertEquals("\"3\"", json.writeValueAsString(Quorum.exactly(3)));
    assertEquals("7", json.writeValueAsString(Epoch.of(7)));
    assertEquals("\"_wABAg\"", json.writeValueAsString(ENVELOPE.session()));
    assertEquals("{\"physicalMillis\":1700000000000,\"logical\":3}",
        json.writeValueAsString(ENVELOPE.timestamp()));
    assertEquals("{\"node-a\":2,\"node-b\":5}", json.writeValueAsString(ENVELOPE.clock()));
  }
}
