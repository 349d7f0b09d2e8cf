package dev.chorus.samples.lab;

import dev.chorus.testkit.check.Verdict;
import java.nio.file.Path;
import java.util.List;

/**
 * How a scenario ended.
 *
 * @param scenario its name
 * @param faults what the nemesis did, such as "7 injected, 7 observed"
 * @param ok operations that took effect
 * @param fail operations that certainly did not
 * @param info operations whose outcome is unknown
 * @param checks each checker's verdict over the run's history
 * @param history the history file
 * @param logs where the node logs are
 */
public record LabVerdict(String scenario, String faults, long ok, long fail, long info, List<Verdict> checks,
    Path history, Path logs) {
  /** Copies the checks. */
  public LabVerdict {
    checks = List.copyOf(checks);
  }

  /** Whether every checker found its property held: PASS. */
  public boolean passed() {
    return !checks.isEmpty() && checks.stream().allMatch(Verdict::isValid);
  }
}
