package dev.chorus.benchmarks.kv;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replication lag as a leader-follower store reports it ({@code GET /repl/{store}}), sampled during
 * a run and summarized per view:
 *
 * <ul>
 *   <li>{@code leader>n2}: the leader's view of follower n2: offsets not yet acknowledged by it,
 *       and the time since its last acknowledgement;
 *   <li>{@code n2}: follower n2's own view: offsets it serves below the high watermark it last
 *       heard of, and the time since its freshest message from the leader.
 * </ul>
 *
 * Neither time is how old the data a follower serves is: both are how long ago it last heard
 * (or was heard), which is at most that age only while messages flow. Both come in whole ticks.
 */
final class LagStats {
  /** One view's percentiles (nearest rank); millis percentiles skip samples where nothing was heard yet. */
  record Summary(String view, int samples, long offsetsP50, long offsetsP99, long offsetsMax, long millisP50,
      long millisP99, long millisMax) {}

  private final Map<String, List<Long>> offsets = new TreeMap<>();
  private final Map<String, List<Long>> millis = new TreeMap<>();

  /** Adds one sample of {@code view}; a negative {@code lagMillis} (never heard) counts for offsets only. */
  synchronized void add(String view, long lagOffsets, long lagMillis) {
    offsets.computeIfAbsent(view, v -> new ArrayList<>()).add(lagOffsets);
    List<Long> ms = millis.computeIfAbsent(view, v -> new ArrayList<>());
    if (lagMillis >= 0) {
      ms.add(lagMillis);
    }
  }

  /**
   * Adds what one replica's status says: on the leader, one sample per follower; on a follower, its
   * own. A replica that neither leads nor follows (recovering, or between leaders) adds nothing.
   */
  void addStatus(JsonNode status) {
    String role = status.path("role").asText();
    if (role.equals("leader")) {
      status.path("followers").fields().forEachRemaining(f -> add("leader>" + f.getKey(),
          f.getValue().path("lagOffsets").asLong(), f.getValue().path("lagMillis").asLong(-1)));
    } else if (role.equals("follower")) {
      add(status.path("replica").asText(), status.path("lagOffsets").asLong(), status.path("lagMillis").asLong(-1));
    }
  }

  /** Every view's summary, by view name. */
  synchronized List<Summary> summaries() {
    List<Summary> out = new ArrayList<>();
    offsets.forEach((view, o) -> {
      long[] off = sorted(o);
      long[] ms = sorted(millis.get(view));
      out.add(new Summary(view, off.length, percentile(off, 50), percentile(off, 99), percentile(off, 100),
          percentile(ms, 50), percentile(ms, 99), percentile(ms, 100)));
    });
    return out;
  }

  /** The nearest-rank percentile {@code p} (0-100] of {@code sorted}; -1 if it is empty. */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return -1;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  private static long[] sorted(List<Long> values) {
    long[] a = values.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(a);
    return a;
  }
}
