package dev.chorus.testkit.sim;

import java.util.List;
import java.util.Random;

/**
 * Everything a node may know when it (re)starts.
 *
 * @param nodeId this node's id ({@code n1..nN})
 * @param index this node's position in {@code members}, 0-based
 * @param members every node's id, in a fixed order, this one included
 * @param durableRecords the records of every write this node completed in earlier incarnations,
 *     after applying each write's truncation, oldest first; empty at first start
 * @param random the only source of randomness the node may use, seeded from the run's seed
 * @param number 0 at first start, then one more at each restart: what a real node would keep in
 *     a durably incremented boot counter, so messages and ids from an earlier life can be told
 *     apart
 */
public record Incarnation(
    String nodeId, int index, List<String> members, List<Object> durableRecords, Random random, int number) {
  /** Copies the lists. */
  public Incarnation {
    members = List.copyOf(members);
    durableRecords = List.copyOf(durableRecords);
  }

  /** The other members, in member order. */
  public List<String> peers() {
    return members.stream().filter(id -> !id.equals(nodeId)).toList();
  }

  /** How many members make a majority. */
  public int majority() {
    return members.size() / 2 + 1;
  }
}
