package dev.chorus.testkit.serialization;

import dev.chorus.core.ChorusSerializable;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;

/**
 * Asserts that messages crossing nodes survive the serializer a system is actually configured with,
 * and that this serializer is jackson-cbor. Every module uses it for every message type that
 * crosses nodes.
 */
public final class SerializationAssertions {
  private SerializationAssertions() {}

  /**
   * Serializes and deserializes {@code message} through {@code system}'s configured serializer and
   * checks that the copy equals the original.
   *
   * @return the deserialized copy
   * @throws AssertionError if the message is not ChorusSerializable, is not bound to jackson-cbor,
   *     fails to round-trip, or comes back different
   */
  public static <T> T assertRoundTrip(ActorSystem<?> system, T message) {
    return assertRoundTrip(system, message, JacksonCborSerializer.class);
  }

  /**
   * As {@link #assertRoundTrip(ActorSystem, Object)}, for a message bound to a serializer of its
   * own, of class {@code expected}.
   */
  public static <T> T assertRoundTrip(ActorSystem<?> system, T message, Class<? extends Serializer> expected) {
    if (!(message instanceof ChorusSerializable)) {
      throw new AssertionError(message.getClass().getName()
          + " crosses nodes but does not implement " + ChorusSerializable.class.getName());
    }
    Serializer serializer = SerializationExtension.get(Adapter.toClassic(system))
        .findSerializerFor(message);
    if (!expected.isInstance(serializer)) {
      throw new AssertionError(message.getClass().getName() + " is bound to "
          + serializer.getClass().getName() + ", expected "
          + (expected == JacksonCborSerializer.class ? "jackson-cbor" : expected.getName()));
    }
    try {
      return new SerializationTestKit(system).verifySerialization(message, true);
    } catch (AssertionError e) {
      throw e;
    } catch (RuntimeException e) {
      throw new AssertionError(message.getClass().getName() + " does not round-trip through "
          + serializer.getClass().getName() + ": " + e, e);
    }
  }
}
