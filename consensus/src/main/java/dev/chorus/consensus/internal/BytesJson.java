package dev.chorus.consensus.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.chorus.core.Bytes;
import java.io.IOException;

/**
 * Jackson's form of the core's {@link Bytes}: a CBOR byte string. The wire records name these
 * on their {@code Bytes} components, so the core's type needs no Jackson annotations.
 */
final class BytesJson {
  private BytesJson() {}

  /** Writes the bytes as one binary value. */
  static final class Serializer extends StdSerializer<Bytes> {
    Serializer() {
      super(Bytes.class);
    }

    @Override
    public void serialize(Bytes value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeBinary(value.toArray());
    }
  }

  /** Reads one binary value. */
  static final class Deserializer extends StdDeserializer<Bytes> {
    Deserializer() {
      super(Bytes.class);
    }

    @Override
    public Bytes deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return Bytes.of(p.getBinaryValue());
    }
  }
}
