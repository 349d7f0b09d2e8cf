package dev.chorus.benchmarks.kv;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * How a client asks one key-value store to write or read a key over HTTP/1.1 with keep-alive:
 * the complete request bytes, built once per request on the load generator's selector thread.
 */
interface KvApi {
  /** A request that writes {@code value} (ASCII) at {@code key}. */
  byte[] write(String key, byte[] value);

  /** A request that reads {@code key} at {@code consistency} (the store's own word for it). */
  byte[] read(String key, String consistency);

  /** Chorus's sample node: {@code PUT /kv/{key}} and {@code GET /kv/{key}?consistency=...}. */
  static KvApi chorus(InetSocketAddress node) {
    String host = "Host: " + node.getHostString() + ":" + node.getPort() + "\r\n";
    return new KvApi() {
      @Override
      public byte[] write(String key, byte[] value) {
        return request("PUT /kv/" + key + " HTTP/1.1\r\n" + host + "Content-Type: text/plain; charset=UTF-8\r\n", value);
      }

      @Override
      public byte[] read(String key, String consistency) {
        return ("GET /kv/" + key + "?consistency=" + consistency + " HTTP/1.1\r\n" + host + "\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
      }
    };
  }

  /**
   * Chorus's leader-follower store {@code store} on a sample node: {@code PUT /repl/{store}/kv/{key}}
   * and {@code GET /repl/{store}/kv/{key}?consistency=...}, where the consistency is a level the
   * store serves (strong, session, eventual ...). Reads carry {@code session} (a token from an earlier answer) in
   * the {@code Chorus-Session} header, if given; writes carry none, so no write waits for a session.
   */
  static KvApi replicated(InetSocketAddress node, String store, Optional<String> session) {
    String host = "Host: " + node.getHostString() + ":" + node.getPort() + "\r\n";
    String sessionHeader = session.map(t -> "Chorus-Session: " + t + "\r\n").orElse("");
    return new KvApi() {
      @Override
      public byte[] write(String key, byte[] value) {
        return request("PUT /repl/" + store + "/kv/" + key + " HTTP/1.1\r\n" + host
            + "Content-Type: text/plain; charset=UTF-8\r\n", value);
      }

      @Override
      public byte[] read(String key, String consistency) {
        return ("GET /repl/" + store + "/kv/" + key + "?consistency=" + consistency + " HTTP/1.1\r\n" + host + sessionHeader
            + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
      }
    };
  }

  /**
   * etcd 3.4's JSON gateway: {@code POST /v3/kv/put} and {@code POST /v3/kv/range} with base64 keys
   * and values. A range read is linearizable unless {@code consistency} is "serializable".
   */
  static KvApi etcd(InetSocketAddress member) {
    String host = "Host: " + member.getHostString() + ":" + member.getPort() + "\r\n";
    Base64.Encoder b64 = Base64.getEncoder();
    return new KvApi() {
      @Override
      public byte[] write(String key, byte[] value) {
        String body = "{\"key\":\"" + b64.encodeToString(key.getBytes(StandardCharsets.UTF_8)) + "\",\"value\":\""
            + b64.encodeToString(value) + "\"}";
        return request("POST /v3/kv/put HTTP/1.1\r\n" + host + "Content-Type: application/json\r\n",
            body.getBytes(StandardCharsets.ISO_8859_1));
      }

      @Override
      public byte[] read(String key, String consistency) {
        String body = "{\"key\":\"" + b64.encodeToString(key.getBytes(StandardCharsets.UTF_8)) + "\""
            + ("serializable".equals(consistency) ? ",\"serializable\":true" : "") + "}";
        return request("POST /v3/kv/range HTTP/1.1\r\n" + host + "Content-Type: application/json\r\n",
            body.getBytes(StandardCharsets.ISO_8859_1));
      }
    };
  }

  private static byte[] request(String head, byte[] body) {
    byte[] h = (head + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = java.util.Arrays.copyOf(h, h.length + body.length);
    System.arraycopy(body, 0, out, h.length, body.length);
    return out;
  }
}
