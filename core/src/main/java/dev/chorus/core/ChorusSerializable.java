package dev.chorus.core;

/**
 * Marker for every message that crosses nodes.
 *
 * <p>Core's {@code reference.conf} binds this interface to Pekko's {@code jackson-cbor} serializer
 * and switches Java serialization off, so a message that crosses nodes without it fails loudly
 * instead of travelling in an unstable format. Implementations are usually records; polymorphic
 * fields use {@code @JsonTypeInfo(use = NAME)} with {@code @JsonSubTypes}, never class names on the
 * wire. Every such type is tested with the testkit's {@code SerializationAssertions}.
 */
public interface ChorusSerializable {}
