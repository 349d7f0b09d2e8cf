package dev.chorus.core.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Parts of a message too large for a frame come back together; a gap drops the message, never garbles it. */
class FramePartsTest {
  private record Part(String from, long message, int part, int parts, byte[] bytes) implements FrameParts.Part {}

  private static List<Part> split(FrameParts<Part> sender, String from, byte[] bytes, int partBytes) {
    return sender.split(bytes, partBytes, (message, part, parts, b) -> new Part(from, message, part, parts, b));
  }

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    IntStream.range(0, n).forEach(i -> b[i] = (byte) (i * 31 + seed));
    return b;
  }

  private static byte[] deliver(FrameParts<Part> receiver, List<Part> parts) {
    byte[] whole = null;
    for (Part p : parts) {
      whole = receiver.add(p);
    }
    return whole;
  }

  @Test
  void partsComeBackTogetherPerSender() {
    FrameParts<Part> n1 = new FrameParts<>();
    FrameParts<Part> n2 = new FrameParts<>();
    FrameParts<Part> receiver = new FrameParts<>();
    byte[] a = bytes(10, 1);
    byte[] b = bytes(7, 2);
    List<Part> fromN1 = split(n1, "n1", a, 4);
    List<Part> fromN2 = split(n2, "n2", b, 4);
    assertEquals(3, fromN1.size(), "4 + 4 + 2 bytes");
    assertNull(receiver.add(fromN1.get(0)));
    assertNull(receiver.add(fromN2.get(0)));
    assertNull(receiver.add(fromN1.get(1)));
    assertArrayEquals(b, receiver.add(fromN2.get(1)), "each sender's parts assemble apart");
    assertArrayEquals(a, receiver.add(fromN1.get(2)));
  }

  @Test
  void aLostPartDropsItsMessageAndTheNextComesThrough() {
    FrameParts<Part> sender = new FrameParts<>();
    FrameParts<Part> receiver = new FrameParts<>();
    List<Part> first = split(sender, "n1", bytes(12, 3), 4);
    assertNull(receiver.add(first.get(0)));
    assertNull(receiver.add(first.get(2)), "part 1 was lost: the message is dropped");
    byte[] again = bytes(12, 4);
    List<Part> second = split(sender, "n1", again, 4);
    assertNull(receiver.add(first.get(0)), "an unfinished message is replaced by the next part 0");
    assertArrayEquals(again, deliver(receiver, second));
    assertNull(deliver(receiver, second.subList(1, 3)), "parts of a finished message alone are dropped");
  }
}
