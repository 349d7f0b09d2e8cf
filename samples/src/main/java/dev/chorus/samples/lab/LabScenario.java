package dev.chorus.samples.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/** A named lab scenario: a cluster, a workload, a nemesis and checks, ending in a verdict. */
public interface LabScenario {
  /** The name used with {@code --scenario}. */
  String name();

  /** One line on what it shows. */
  String description();

  /** The default length of the workload and nemesis phase. */
  Duration defaultDuration();

  /**
   * Runs the scenario. Must stop every process it started before returning, even on failure.
   *
   * @param out the scenario's own directory for its history and node logs
   * @param progress receives lines for the person watching
   */
  LabVerdict run(long seed, int nodes, Duration duration, Path out, Consumer<String> progress) throws Exception;
}
