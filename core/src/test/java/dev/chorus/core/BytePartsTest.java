package dev.chorus.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class BytePartsTest {
  @Test
  void splitsIntoBoundedPartsAndJoinsBack() {
    byte[] bytes = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    List<byte[]> parts = ByteParts.split(bytes, 4);
    assertEquals(List.of(4, 4, 2), parts.stream().map(p -> p.length).toList());
    assertArrayEquals(bytes, ByteParts.join(parts));
    assertEquals(List.of(), ByteParts.split(new byte[0], 4));
    assertEquals(1, ByteParts.split(bytes, 10).size());
    assertThrows(IllegalArgumentException.class, () -> ByteParts.split(bytes, 0));
  }
}
