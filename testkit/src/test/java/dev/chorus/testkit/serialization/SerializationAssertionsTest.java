package dev.chorus.testkit.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.chorus.core.ChorusConfig;
import dev.chorus.core.ChorusSerializable;
import dev.chorus.core.Epoch;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The helper passes good messages and fails each way a message can be wrong on the wire. */
class SerializationAssertionsTest {
  record Good(String key, List<Long> values, Epoch epoch) implements ChorusSerializable {}

  record Unmarked(String key) {}

  record BoundToJson(String key) implements ChorusSerializable {}

  /** Equality that a round trip cannot preserve: the copy never equals the original. */
  record LosesState(String key, Object opaque) implements ChorusSerializable {}

  private static ActorSystem<Void> system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create(Behaviors.empty(), "assertions", ChorusConfig.withDefaults(
        ConfigFactory.parseString("""
            pekko.actor.provider = local
            pekko.actor.serialization-bindings {
              "dev.chorus.testkit.serialization.SerializationAssertionsTest$BoundToJson" = jackson-json
            }
            """)));
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  @Test
  void aChorusMessageRoundTrips() {
    Good message = new Good("k", List.of(1L, 2L), Epoch.of(3));
    assertEquals(message, SerializationAssertions.assertRoundTrip(system, message));
  }

  @Test
  void aMessageWithoutTheMarkerFails() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> SerializationAssertions.assertRoundTrip(system, new Unmarked("k")));
    assertTrue(e.getMessage().contains("does not implement"), e.getMessage());
  }

  @Test
  void aMessageBoundToAnotherSerializerFails() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> SerializationAssertions.assertRoundTrip(system, new BoundToJson("k")));
    assertTrue(e.getMessage().contains("expected jackson-cbor"), e.getMessage());
  }

  @Test
  void aMessageThatComesBackDifferentFails() {
    assertThrows(AssertionError.class,
        () -> SerializationAssertions.assertRoundTrip(system, new LosesState("k", new Object())));
  }
}
