package dev.chorus.journal.file;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The on-disk framing of every record: a 4-byte body length, a 4-byte CRC32C of the body, then the
 * body. Big-endian. Pure functions; thread-safe.
 */
public final class Frame {
  /** Bytes before the body: length and CRC. */
  public static final int HEADER_BYTES = 8;

  private Frame() {}

  /** The CRC32C of {@code body}'s remaining bytes, as an int; does not move its position. */
  public static int crc(ByteBuffer body) {
    CRC32C crc = new CRC32C();
    crc.update(body.duplicate());
    return (int) crc.getValue();
  }

  /** The CRC32C of {@code length} bytes of {@code bytes} from {@code offset}. */
  public static int crc(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }

  /** Writes header and body into {@code out}, which must have room for both. */
  public static void write(ByteBuffer out, byte[] body) {
    out.putInt(body.length);
    out.putInt(crc(body, 0, body.length));
    out.put(body);
  }

  /** A new buffer holding the framed body, ready to be written. */
  public static ByteBuffer framed(byte[] body) {
    ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + body.length);
    write(out, body);
    return out.flip();
  }

  /**
   * Checks a frame whose header is at {@code header}'s position and whose body is {@code body}.
   *
   * @return whether the body has the length and CRC the header declares
   */
  public static boolean matches(int declaredLength, int declaredCrc, ByteBuffer body) {
    return body.remaining() == declaredLength && crc(body) == declaredCrc;
  }
}
