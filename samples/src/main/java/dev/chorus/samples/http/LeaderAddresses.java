package dev.chorus.samples.http;

import dev.chorus.core.ChorusNode;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.apache.pekko.cluster.Member;

/**
 * Where each member serves HTTP, so that a 421 can name the leader's address as well as its node
 * id: a client then retries there without a second lookup. A sample node advertises its address
 * in a cluster role, {@code http=host:port} ({@link #role}), which gossip carries to every member.
 */
public final class LeaderAddresses {
  /** The prefix of the role that carries a member's HTTP address. */
  public static final String ROLE_PREFIX = "http=";

  private final ChorusNode node;

  LeaderAddresses(ChorusNode node) {
    this.node = node;
  }

  /** The role that advertises {@code host:port} as this member's HTTP address. */
  public static String role(String host, int port) {
    return ROLE_PREFIX + host + ":" + port;
  }

  /** The base URL ({@code http://host:port}) of the member with node id {@code nodeId}, if it advertises one. */
  Optional<String> url(String nodeId) {
    return StreamSupport.stream(node.cluster().state().getMembers().spliterator(), false)
        .filter(m -> ChorusNode.nodeIdOf(m).equals(nodeId))
        .findFirst()
        .flatMap(LeaderAddresses::advertised);
  }

  private static Optional<String> advertised(Member member) {
    return member.getRoles().stream().filter(r -> r.startsWith(ROLE_PREFIX)).findFirst()
        .map(r -> "http://" + r.substring(ROLE_PREFIX.length()));
  }
}
