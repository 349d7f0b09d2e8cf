package dev.chorus.core;

import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Immutable bytes with value semantics, for snapshot data: equal contents are equal, and the
 * text form is deterministic (length and checksum), so traces that print it stay reproducible.
 */
public final class Bytes {
  private static final Bytes EMPTY = new Bytes(new byte[0]);
  private final byte[] data;

  private Bytes(byte[] data) {
    this.data = data;
  }

  /** A copy of {@code data}. */
  public static Bytes of(byte[] data) {
    return data.length == 0 ? EMPTY : new Bytes(data.clone());
  }

  /** No bytes. */
  public static Bytes empty() {
    return EMPTY;
  }

  /** How many bytes. */
  public int size() {
    return data.length;
  }

  /** A copy of the bytes. */
  public byte[] toArray() {
    return data.clone();
  }

  /** The bytes from {@code from} (inclusive) to {@code to} (exclusive). */
  public Bytes slice(int from, int to) {
    return new Bytes(Arrays.copyOfRange(data, from, to));
  }

  /** These bytes followed by {@code more}. */
  public Bytes concat(Bytes more) {
    byte[] joined = Arrays.copyOf(data, data.length + more.data.length);
    System.arraycopy(more.data, 0, joined, data.length, more.data.length);
    return new Bytes(joined);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes b && Arrays.equals(b.data, data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    CRC32C crc = new CRC32C();
    crc.update(data);
    return "Bytes[" + data.length + ", crc32c=" + Long.toHexString(crc.getValue()) + "]";
  }
}
