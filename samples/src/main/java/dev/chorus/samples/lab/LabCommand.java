package dev.chorus.samples.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chorus lab}: runs named scenarios against a local cluster and prints a verdict table. */
@Command(
    name = "lab",
    mixinStandardHelpOptions = true,
    description = "Runs named scenarios against a local cluster of node JVMs: a workload, a nemesis "
        + "injecting faults, and checkers over the recorded history. Ends with a verdict table.",
    footer = {"", "Examples:",
        "  ./chorus lab                                   every scenario, default settings",
        "  ./chorus lab --list",
        "  ./chorus lab --scenario membership --seed 42 --duration 60s"})
public final class LabCommand implements Callable<Integer> {
  static final List<LabScenario> SCENARIOS = List.of(new MembershipScenario(), new KvScenario(),
      new ReplicationLagScenario(), new ReplicationFailoverScenario(ReplFailover.Mode.ASYNC),
      new ReplicationFailoverScenario(ReplFailover.Mode.SEMI_SYNC), new ReplicationFailoverScenario(ReplFailover.Mode.SYNC));

  @Option(names = "--list", description = "List the scenarios and exit.")
  boolean list;

  @Option(names = "--scenario", description = "Run only this scenario (default: all).")
  String scenario;

  @Option(names = "--seed", description = "Seed for the fault schedule (default: from the clock; printed).")
  Long seed;

  @Option(names = "--nodes", defaultValue = "3", description = "Cluster size, 3-9 (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--duration", description = "Length of the workload and nemesis phase, such as 90s or 3m (default: per scenario).")
  String duration;

  @Option(names = "--out", defaultValue = "target/lab", description = "Where histories and logs go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (list) {
      SCENARIOS.forEach(s -> System.out.printf("%-20s %s (default %ds)%n", s.name(), s.description(),
          s.defaultDuration().toSeconds()));
      return 0;
    }
    List<LabScenario> chosen = SCENARIOS.stream().filter(s -> scenario == null || s.name().equals(scenario)).toList();
    String problem = validate(chosen);
    if (problem != null) {
      System.err.println("error: " + problem);
      return 2;
    }
    long s = seed != null ? seed : System.currentTimeMillis();
    List<LabVerdict> verdicts = new ArrayList<>();
    for (LabScenario sc : chosen) {
      Duration d = duration == null ? sc.defaultDuration() : Duration.parse("PT" + duration.toUpperCase());
      Path dir = out.toAbsolutePath().resolve(sc.name() + "-" + s);
      Files.createDirectories(dir);
      System.out.printf("== %s: seed %d, %d nodes, %d s ==%n", sc.name(), s, nodes, d.toSeconds());
      verdicts.add(sc.run(s, nodes, d, dir, line -> System.out.println("  " + line)));
    }
    VerdictTable.print(verdicts, System.out);
    System.out.println("Results are under " + out.toAbsolutePath() + "; rerun with --seed " + s + " for the same faults.");
    return verdicts.stream().allMatch(LabVerdict::passed) ? 0 : 1;
  }

  private String validate(List<LabScenario> chosen) {
    if (chosen.isEmpty()) {
      return "unknown scenario '" + scenario + "'; --list shows them";
    }
    if (nodes < 3 || nodes > 9) {
      return "--nodes " + nodes + " is out of range: must be between 3 and 9";
    }
    if (duration != null) {
      try {
        if (Duration.parse("PT" + duration.toUpperCase()).toSeconds() < 10) {
          return "--duration " + duration + " is too short: at least 10s";
        }
      } catch (RuntimeException e) {
        return "--duration '" + duration + "' is not a duration such as 90s or 3m";
      }
    }
    return null;
  }
}
