package dev.chorus.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.chorus.core.clock.HlcTimestamp;
import dev.chorus.core.clock.VectorClock;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The vocabulary travels inside ChorusSerializable messages through the serializer a Chorus
 * system is configured with: jackson-cbor, with Java serialization off. (Core cannot use the
 * testkit's helper, which depends on core, so it uses Pekko's SerializationTestKit directly.)
 */
class SerializationTest {
  record Vocabulary(ConsistencyLevel level, ConsistencyLevel bounded, Quorum quorum, Epoch epoch,
      SessionToken token, HlcTimestamp hlc, VectorClock clock) implements ChorusSerializable {}

  record NotMarked(String text) {}

  private static ActorSystem<Void> system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create(Behaviors.empty(), "serialization",
        ChorusConfig.withDefaults(ConfigFactory.parseString("pekko.actor.provider = local")));
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  @Test
  void everyVocabularyTypeRoundTripsThroughJacksonCbor() {
    Vocabulary message = new Vocabulary(ConsistencyLevel.SESSION,
        ConsistencyLevel.boundedStaleness(100, Duration.ofSeconds(5)), Quorum.exactly(2),
        Epoch.of(7), SessionToken.of(new byte[] {1, 2, 3, -1}), new HlcTimestamp(1_700_000_000_000L, 4),
        VectorClock.of(Map.of("n1", 3L, "n2", 1L)));
    assertEquals(JacksonCborSerializer.class,
        SerializationExtension.get(Adapter.toClassic(system)).findSerializerFor(message).getClass());
    new SerializationTestKit(system).verifySerialization(message, true);
  }

  @Test
  void aMessageWithoutTheMarkerIsRefusedBecauseJavaSerializationIsOff() {
    NotMarked message = new NotMarked("x");
    Exception e = assertThrows(Exception.class,
        () -> SerializationExtension.get(Adapter.toClassic(system)).findSerializerFor(message));
    assertTrue(e.getMessage().contains("No configured serialization-bindings"), e.getMessage());
  }

  @Test
  void soakSwitchIsReadFromTheSystemProperty() {
    assertEquals(Boolean.getBoolean(Soak.PROPERTY), Soak.enabled());
    assertEquals(Soak.enabled() ? 500 : 5, Soak.choose(5, 500));
  }
}
