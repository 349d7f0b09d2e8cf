package dev.chorus.benchmarks.kv;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every closed-loop load command shares (a picocli mixin): run lengths, values and node JVMs. */
final class LoadOptions {
  @Option(names = "--duration", defaultValue = "20", description = "Measured seconds per run (1-600).")
  int durationSeconds;

  @Option(names = "--warmup", defaultValue = "5", description = "Warm-up seconds before each run (0-600).")
  int warmupSeconds;

  @Option(names = "--prewarm", defaultValue = "30",
      description = "Seconds of writes by 16 clients before the first run, for the JIT (0-600).")
  int prewarmSeconds;

  @Option(names = "--value-size", defaultValue = "1024", description = "Value bytes (1-65536).")
  int valueSize;

  @Option(names = "--keys", defaultValue = "1000", description = "Distinct keys, written in turn (1-1000000).")
  int keys;

  @Option(names = "--node-jvm-options", split = " ", defaultValue = "-Xms512m -Xmx512m -XX:+UseSerialGC",
      description = "JVM flags of each Chorus node (default: ${DEFAULT-VALUE}).")
  List<String> nodeJvmOptions;

  /** What is out of range, one message each; empty if nothing. */
  List<String> problems() {
    List<String> out = new ArrayList<>();
    if (durationSeconds < 1 || durationSeconds > 600) {
      out.add("--duration must be 1-600 s, got " + durationSeconds);
    }
    if (warmupSeconds < 0 || warmupSeconds > 600) {
      out.add("--warmup must be 0-600 s, got " + warmupSeconds);
    }
    if (prewarmSeconds < 0 || prewarmSeconds > 600) {
      out.add("--prewarm must be 0-600 s, got " + prewarmSeconds);
    }
    if (valueSize < 1 || valueSize > 65536) {
      out.add("--value-size must be 1-65536, got " + valueSize);
    }
    if (keys < 1 || keys > 1_000_000) {
      out.add("--keys must be 1-1000000, got " + keys);
    }
    return out;
  }
}
