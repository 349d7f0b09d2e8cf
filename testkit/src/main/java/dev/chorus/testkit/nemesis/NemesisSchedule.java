package dev.chorus.testkit.nemesis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A fault schedule, computed from a seed alone: the same seed, node count, duration and kinds give
 * a byte-identical schedule ({@link #render()}). Each kind comes once, in a seeded order, before any
 * comes twice, so a long enough run covers every kind; a shorter one names the kinds it left out.
 *
 * @param seed the seed
 * @param steps the faults in order; times are the earliest each may start
 * @param skipped kinds that did not fit in the duration
 */
public record NemesisSchedule(long seed, List<Step> steps, List<FaultKind> skipped) {
  /**
   * One fault of the schedule.
   *
   * @param at the earliest start, from the beginning of the run
   * @param fault what to do
   * @param hold how long the fault lasts before it is healed
   */
  public record Step(Duration at, Fault fault, Duration hold) {}

  /** Quiet time before the first fault, so the workload gets a clean baseline. */
  public static final Duration LEAD_IN = Duration.ofSeconds(4);
  /** Time left after each heal for the cluster to recover before the next fault may start. */
  public static final Duration RECOVERY = Duration.ofSeconds(8);

  /** The schedule for {@code nodes} nodes over {@code duration}, drawing faults from {@code kinds}. */
  public static NemesisSchedule plan(long seed, int nodes, Duration duration, List<FaultKind> kinds) {
    if (nodes < 2 && kinds.stream().anyMatch(k -> k.name().startsWith("PARTITION") || k == FaultKind.ISOLATE || k == FaultKind.BRIDGE)) {
      throw new IllegalArgumentException("partitions need at least 2 nodes");
    }
    Random random = new Random(seed);
    List<FaultKind> order = new ArrayList<>(kinds);
    Collections.shuffle(order, random);
    List<Step> steps = new ArrayList<>();
    Duration t = LEAD_IN;
    for (int i = 0; ; i++) {
      FaultKind kind = order.get(i % order.size());
      Duration hold = Duration.ofMillis(7_000 + random.nextInt(3_000));
      if (t.plus(hold).compareTo(duration) > 0) {
        break;
      }
      steps.add(new Step(t, fault(kind, nodes, random), hold));
      t = t.plus(hold).plus(RECOVERY);
    }
    List<FaultKind> skipped = order.stream()
        .filter(k -> steps.stream().noneMatch(s -> s.fault().kind() == k)).toList();
    return new NemesisSchedule(seed, List.copyOf(steps), skipped);
  }

  private static Fault fault(FaultKind kind, int nodes, Random random) {
    List<Integer> shuffled = IntStream.range(0, nodes).boxed().collect(Collectors.toList());
    Collections.shuffle(shuffled, random);
    return switch (kind) {
      case PARTITION_HALVES -> split(kind, shuffled, nodes / 2);
      case PARTITION_MAJORITY -> split(kind, shuffled, (nodes - 1) / 2);
      case ISOLATE -> split(kind, shuffled, 1);
      case BRIDGE -> bridge(shuffled);
      case KILL, PAUSE -> Fault.onNode(kind, shuffled.get(0), 0);
      case CLOCK_SKEW -> Fault.onNode(kind, shuffled.get(0),
          (random.nextBoolean() ? 1 : -1) * (1_000L + random.nextInt(600_000)));
      case CLOCK_RATE -> Fault.clockRate(shuffled.get(0), clockRate(random));
    };
  }

  /**
   * A rate in [0.8, 1.25], faster or slower with equal chance: within the drift that lease reads
   * tolerate against nodes at the true rate (docs/raft-groups.md, "Lease reads": up to 10/7), so
   * a run with it must still pass every check.
   */
  static double clockRate(Random random) {
    double factor = 1.05 + 0.2 * random.nextDouble();
    return random.nextBoolean() ? factor : 1 / factor;
  }

  private static Fault split(FaultKind kind, List<Integer> shuffled, int firstSize) {
    Set<Integer> a = new HashSet<>(shuffled.subList(0, Math.max(1, firstSize)));
    Set<Integer> b = new HashSet<>(shuffled.subList(Math.max(1, firstSize), shuffled.size()));
    return new Fault(kind, cutsBetween(a, b), -1, 0);
  }

  // Two sides that cannot reach each other and one node, in neither, that reaches both: a
  // non-transitive partition.
  private static Fault bridge(List<Integer> shuffled) {
    int n = shuffled.size();
    int sideA = Math.max(1, (n - 1) / 2);
    Set<Integer> a = new HashSet<>(shuffled.subList(0, sideA));
    Set<Integer> b = new HashSet<>(shuffled.subList(sideA + 1, n));
    return new Fault(FaultKind.BRIDGE, cutsBetween(a, b), -1, 0);
  }

  private static Map<Integer, Set<Integer>> cutsBetween(Set<Integer> a, Set<Integer> b) {
    Map<Integer, Set<Integer>> cuts = new HashMap<>();
    a.forEach(i -> cuts.put(i, b));
    b.forEach(i -> cuts.put(i, a));
    return cuts;
  }

  /** The schedule as text, one fault per line: what "byte-identical" compares. */
  public String render() {
    StringBuilder sb = new StringBuilder("seed=" + seed + "\n");
    for (Step s : steps) {
      sb.append(s.at().toMillis()).append("ms +").append(s.hold().toMillis()).append("ms ")
          .append(s.fault().describe()).append('\n');
    }
    if (!skipped.isEmpty()) {
      sb.append("skipped ").append(skipped.stream().map(FaultKind::label).toList()).append('\n');
    }
    return sb.toString();
  }
}
