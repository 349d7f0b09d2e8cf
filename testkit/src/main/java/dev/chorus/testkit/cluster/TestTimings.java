package dev.chorus.testkit.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * The one place where tests and the lab shorten production timings (docs/architecture.md, "Membership under
 * faults"). The failure detector still tolerates several seconds of silence, so that a slow JVM
 * on a busy 2-core machine does not look dead.
 */
public final class TestTimings {
  private TestTimings() {}

  /** Pekko settings for nodes that the testkit starts, in one JVM or one JVM per node. */
  public static Config config() {
    return ConfigFactory.parseString("""
        pekko.cluster.split-brain-resolver.stable-after = 7s
        pekko.cluster.failure-detector.acceptable-heartbeat-pause = 4s
        pekko.cluster.seed-node-timeout = 2s
        pekko.cluster.retry-unsuccessful-join-after = 2s
        pekko.cluster.leader-actions-interval = 500ms
        pekko.coordinated-shutdown.default-phase-timeout = 3s
        pekko.cluster.shutdown-after-unsuccessful-join-seed-nodes = off
        """);
  }

  /** The same settings as {@code -Dkey=value} JVM options, for child JVMs. */
  public static java.util.List<String> jvmOptions() {
    return jvmOptions(ConfigFactory.empty());
  }

  /**
   * As {@link #jvmOptions()}, with {@code overrides} in place of the testkit's values: for a test
   * that needs one timing of its own, such as a split-brain resolver that never acts within it.
   */
  public static java.util.List<String> jvmOptions(Config overrides) {
    return overrides.withFallback(config()).entrySet().stream()
        .map(e -> "-D" + e.getKey() + "=" + e.getValue().unwrapped())
        .sorted()
        .toList();
  }
}
