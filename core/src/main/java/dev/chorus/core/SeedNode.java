package dev.chorus.core;

/**
 * A seed node to join: host and port of its cluster transport.
 *
 * @param host the host name or IP literal (IPv6 without brackets)
 * @param port the cluster port, 1 to 65535
 */
public record SeedNode(String host, int port) {
  /** Builds a seed node, rejecting a blank host or a port out of range. */
  public SeedNode {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is out of range 1..65535");
    }
  }

  /**
   * Parses {@code host:port}, {@code [ipv6]:port} or {@code pekko://name@host:port}.
   *
   * @throws IllegalArgumentException naming what is wrong with {@code text}
   */
  public static SeedNode parse(String text) {
    String s = text.strip();
    int at = s.indexOf('@');
    if (s.startsWith("pekko://")) {
      if (at < 0) {
        throw new IllegalArgumentException("'" + text + "' is not pekko://name@host:port");
      }
      s = s.substring(at + 1);
    }
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw new IllegalArgumentException("'" + text + "' is not host:port");
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' has a port that is not a number");
    }
    try {
      return new SeedNode(host, port);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "': " + e.getMessage());
    }
  }

  /** The Pekko address of this seed in a cluster named {@code clusterName}. */
  public String pekkoAddress(String clusterName) {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "pekko://" + clusterName + "@" + h + ":" + port;
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
