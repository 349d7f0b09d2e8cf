package dev.chorus.benchmarks.kv;

import java.nio.charset.StandardCharsets;

/**
 * Finds where one HTTP/1.1 response ends in a byte buffer, without copying it: the load generator
 * needs only the status code and the end, to send the next request on the same connection.
 * Handles {@code Content-Length} and {@code Transfer-Encoding: chunked} bodies.
 */
final class HttpResponses {
  /** A complete response: its status code, where it ends, and whether the server will close. */
  record Parsed(int status, int end, boolean close) {}

  private HttpResponses() {}

  /**
   * The response that starts at 0 in {@code buf[0, len)}, or null if it is not complete yet.
   *
   * @throws IllegalStateException if the bytes are not an HTTP/1.1 response this parser knows
   */
  static Parsed parse(byte[] buf, int len) {
    int headerEnd = indexOf(buf, 0, len, "\r\n\r\n");
    if (headerEnd < 0) {
      return null;
    }
    String head = new String(buf, 0, headerEnd, StandardCharsets.ISO_8859_1);
    if (!head.startsWith("HTTP/1.") || head.length() < 12) {
      throw new IllegalStateException("not an HTTP/1.x response: " + head.lines().findFirst().orElse(""));
    }
    int status = Integer.parseInt(head.substring(9, 12));
    int bodyStart = headerEnd + 4;
    long contentLength = -1;
    boolean chunked = false;
    boolean close = false;
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("content-length")) {
        contentLength = Long.parseLong(value);
      } else if (name.equalsIgnoreCase("transfer-encoding")) {
        chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
      } else if (name.equalsIgnoreCase("connection")) {
        close = value.equalsIgnoreCase("close");
      }
    }
    if (chunked) {
      int end = chunkedEnd(buf, bodyStart, len);
      return end < 0 ? null : new Parsed(status, end, close);
    }
    if (contentLength < 0) {
      throw new IllegalStateException("response without Content-Length or chunked body; keep-alive impossible");
    }
    long end = bodyStart + contentLength;
    return end <= len ? new Parsed(status, (int) end, close) : null;
  }

  private static int chunkedEnd(byte[] buf, int from, int len) {
    int pos = from;
    while (true) {
      int lineEnd = indexOf(buf, pos, len, "\r\n");
      if (lineEnd < 0) {
        return -1;
      }
      String sizeLine = new String(buf, pos, lineEnd - pos, StandardCharsets.ISO_8859_1);
      int semicolon = sizeLine.indexOf(';');
      int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
      pos = lineEnd + 2;
      if (size == 0) {
        // No trailers expected: the last chunk is followed by an empty line.
        int end = indexOf(buf, pos, len, "\r\n");
        return end < 0 ? -1 : end + 2;
      }
      pos += size + 2;
      if (pos > len) {
        return -1;
      }
    }
  }

  private static int indexOf(byte[] buf, int from, int len, String pattern) {
    outer:
    for (int i = from; i <= len - pattern.length(); i++) {
      for (int j = 0; j < pattern.length(); j++) {
        if (buf[i + j] != pattern.charAt(j)) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
