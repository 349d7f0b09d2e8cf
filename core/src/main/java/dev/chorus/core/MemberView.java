package dev.chorus.core;

import java.util.List;
import java.util.Set;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;

/**
 * One cluster member as a node sees it: the shape of the samples' {@code GET /cluster/members}
 * and of the testkit control channel's {@code MEMBERS} answer.
 *
 * @param id the member's stable node id
 * @param address its Pekko address
 * @param status its membership status as Pekko names it ({@code Up}, {@code Joining}, ...)
 * @param roles its cluster roles
 * @param reachable whether this node's failure detector currently reaches it
 */
public record MemberView(String id, String address, String status, List<String> roles, boolean reachable) {

  /** The members that {@code node} sees now. */
  public static java.util.List<MemberView> of(ChorusNode node) {
    return of(node.cluster().state());
  }

  /** The members as seen by one node, in address order. */
  public static List<MemberView> of(ClusterEvent.CurrentClusterState state) {
    Set<Member> unreachable = state.getUnreachable();
    return java.util.stream.StreamSupport.stream(state.getMembers().spliterator(), false)
        .map(m -> new MemberView(ChorusNode.nodeIdOf(m), m.address().toString(),
            m.status().toString(), ChorusNode.userRolesOf(m), !unreachable.contains(m)))
        .toList();
  }
}
