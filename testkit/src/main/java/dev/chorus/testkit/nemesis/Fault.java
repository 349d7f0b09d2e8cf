package dev.chorus.testkit.nemesis;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One fault, fully determined: which nodes it hits and how.
 *
 * @param kind the kind
 * @param cuts for partitions: each node index and the node indexes it cannot reach; empty otherwise
 * @param node for kill, pause and clock skew: the node index; -1 otherwise
 * @param skewMillis for clock skew: the offset; 0 otherwise
 * @param rate for clock rate: how fast the node's monotonic clock runs (1 is true); 1 otherwise
 */
public record Fault(FaultKind kind, Map<Integer, Set<Integer>> cuts, int node, long skewMillis, double rate) {
  /** Copies the cuts into sorted maps, so a fault renders the same way every time. */
  public Fault {
    Map<Integer, Set<Integer>> sorted = new TreeMap<>();
    cuts.forEach((k, v) -> sorted.put(k, new TreeSet<>(v)));
    cuts = java.util.Collections.unmodifiableMap(sorted);
  }

  /** A fault that is not a clock-rate fault. */
  public Fault(FaultKind kind, Map<Integer, Set<Integer>> cuts, int node, long skewMillis) {
    this(kind, cuts, node, skewMillis, 1);
  }

  static Fault onNode(FaultKind kind, int node, long skewMillis) {
    return new Fault(kind, Map.of(), node, skewMillis);
  }

  static Fault clockRate(int node, double rate) {
    return new Fault(FaultKind.CLOCK_RATE, Map.of(), node, 0, rate);
  }

  /** A stable, human-readable description naming nodes n1..nN. */
  public String describe() {
    return switch (kind) {
      case KILL, PAUSE -> kind.label() + " n" + (node + 1);
      case CLOCK_SKEW -> kind.label() + " n" + (node + 1) + " " + (skewMillis >= 0 ? "+" : "") + skewMillis + "ms";
      case CLOCK_RATE -> kind.label() + " n" + (node + 1) + " x" + String.format(java.util.Locale.ROOT, "%.2f", rate);
      default -> kind.label() + " " + renderCuts();
    };
  }

  private String renderCuts() {
    StringBuilder sb = new StringBuilder();
    cuts.forEach((from, to) -> {
      if (!to.isEmpty()) {
        sb.append(sb.length() == 0 ? "" : " ").append("n").append(from + 1).append("-x-")
            .append(to.stream().map(i -> "n" + (i + 1)).toList().toString().replace(" ", ""));
      }
    });
    return sb.toString();
  }
}
