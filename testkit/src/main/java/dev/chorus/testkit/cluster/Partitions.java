package dev.chorus.testkit.cluster;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Validation of partition groups, shared by the cluster kinds. */
final class Partitions {
  private Partitions() {}

  /**
   * Maps each node index to its group.
   *
   * @throws IllegalArgumentException unless every node of {@code 0..size-1} is in exactly one group
   */
  static Map<Integer, Set<Integer>> groupOf(List<Set<Integer>> groups, int size) {
    Map<Integer, Set<Integer>> groupOf = new HashMap<>();
    for (Set<Integer> g : groups) {
      for (int i : g) {
        if (i < 0 || i >= size) {
          throw new IllegalArgumentException("node index " + i + " is not in 0.." + (size - 1));
        }
        if (groupOf.put(i, g) != null) {
          throw new IllegalArgumentException("node " + i + " is in more than one group: " + groups);
        }
      }
    }
    if (groupOf.size() != size) {
      throw new IllegalArgumentException("every node must be in a group; got " + groups + " for " + size + " nodes");
    }
    return groupOf;
  }
}
