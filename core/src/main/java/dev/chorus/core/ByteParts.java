package dev.chorus.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bytes cut into parts of a bounded size, and put back together: for what is too large for one
 * journal write or one message between nodes (a state machine's snapshot), which then goes as
 * several. Pure functions.
 */
public final class ByteParts {
  private ByteParts() {}

  /**
   * {@code bytes} in order, as parts of {@code partBytes} each but the last (none for no bytes).
   *
   * @throws IllegalArgumentException if {@code partBytes} is not positive
   */
  public static List<byte[]> split(byte[] bytes, int partBytes) {
    if (partBytes <= 0) {
      throw new IllegalArgumentException("a part must hold at least one byte, got " + partBytes);
    }
    List<byte[]> parts = new ArrayList<>((bytes.length + partBytes - 1) / partBytes);
    for (int from = 0; from < bytes.length; from += partBytes) {
      parts.add(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + partBytes)));
    }
    return parts;
  }

  /** The parts one after another, in one array. */
  public static byte[] join(List<byte[]> parts) {
    byte[] whole = new byte[Math.toIntExact(parts.stream().mapToLong(p -> p.length).sum())];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, whole, at, p.length);
      at += p.length;
    }
    return whole;
  }
}
