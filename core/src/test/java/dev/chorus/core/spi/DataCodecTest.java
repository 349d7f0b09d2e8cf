package dev.chorus.core.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fast string encoding writes and reads exactly what DataOutputStream's writeUTF does. */
class DataCodecTest {
  private static final List<String> STRINGS = List.of("", "k", "plain ascii 0123456789", "with\0nul", "é latin-1",
      "ж cyrillic", "emoji 😀", "lone \uD800 surrogate", "a real ? mark", "? and \uDC00 ?", "\u07FF\u0800\uFFFF", "a".repeat(65535),
      "\u00e9".repeat(30000));

  @Test
  void writesTheBytesOfWriteUtf() throws IOException {
    for (String s : STRINGS) {
      assertArrayEquals(bytes(out -> out.writeUTF(s)), bytes(out -> DataCodec.writeUtf(out, s)), shortened(s));
    }
  }

  @Test
  void readsWhatWriteUtfWrote() throws IOException {
    for (String s : STRINGS) {
      byte[] written = bytes(out -> out.writeUTF(s));
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(written));
      assertEquals(s, DataCodec.readUtf(in), shortened(s));
      assertEquals(0, in.available(), "reads exactly its own bytes");
    }
  }

  @Test
  void readsNulAsReadUtfDoesEvenWhenWrittenAsOneByte() throws IOException {
    byte[] oneByteNul = {0, 3, 'a', 0, 'b'}; // not what writeUTF writes, but readUTF accepts it
    assertEquals(DataInputStream.readUTF(new DataInputStream(new ByteArrayInputStream(oneByteNul))),
        DataCodec.readUtf(new DataInputStream(new ByteArrayInputStream(oneByteNul))));
  }

  @Test
  void refusesWhatWriteUtfRefuses() {
    String tooLong = "a".repeat(65536);
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> bytes(out -> DataCodec.writeUtf(out, tooLong)));
    assertEquals(UTFDataFormatException.class, e.getCause().getClass());
  }

  @Test
  void nullableStringsRoundTrip() {
    Codec<String> codec = DataCodec.of(DataCodec::writeNullable, DataCodec::readNullable);
    for (String s : List.of("x", "ж", "")) {
      assertEquals(s, codec.decode(codec.encode(s)));
    }
    assertEquals(null, codec.decode(codec.encode(null)));
  }

  private interface Write {
    void to(DataOutputStream out) throws IOException;
  }

  private static byte[] bytes(Write write) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      write.to(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static String shortened(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "... (" + s.length() + " chars)" : s;
  }

  @Test
  void textOfAnyLengthRoundTripsAsUtf8() {
    Codec<String> codec = DataCodec.of(DataCodec::writeText, DataCodec::readText);
    for (String s : List.of("", "k", "with\0nul", "\u00e9\u6f22\uD83D\uDE00", "a".repeat(65536), "\u00e9".repeat(300_000))) {
      assertEquals(s, codec.decode(codec.encode(s)), shortened(s));
    }
    assertArrayEquals(new byte[] {0, 0, 0, 2, (byte) 0xc3, (byte) 0xa9}, codec.encode("\u00e9"), "an int length and UTF-8");
    Codec<String> nullable = DataCodec.of(DataCodec::writeNullableText, DataCodec::readNullableText);
    assertEquals(null, nullable.decode(nullable.encode(null)));
    assertThrows(IllegalArgumentException.class, () -> codec.decode(new byte[] {0, 0, 0, 9, 'a'}), "cut off");
    assertThrows(IllegalArgumentException.class, () -> codec.decode(new byte[] {(byte) 0xff, 0, 0, 0}), "negative");
  }

  @Test
  void textRefusesALoneSurrogateInsteadOfWritingAQuestionMark() {
    Codec<String> codec = DataCodec.of(DataCodec::writeText, DataCodec::readText);
    for (String s : List.of("lone \uD800 high", "lone \uDC00 low", "\uDE00\uD83D reversed", "end \uD83D")) {
      assertThrows(IllegalArgumentException.class, () -> codec.encode(s), s);
    }
  }
}
