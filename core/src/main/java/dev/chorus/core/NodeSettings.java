package dev.chorus.core;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The validated {@code chorus.node} settings, read once at start-up.
 *
 * @param clusterName the actor system name shared by every node of the cluster
 * @param id the stable node id (identity across restarts)
 * @param host the cluster transport host
 * @param port the cluster transport port
 * @param seedNodes the seeds to join; empty means form a single-node cluster
 * @param roles Pekko cluster roles
 * @param dataDir the directory for durable state (not yet created)
 * @param exitJvmWhenDowned whether the JVM exits when the cluster downs this node
 * @param maxClockOffset how far ahead a remote HLC timestamp may be before it is rejected
 * @param rejoinSeedTimeout how long a node that was a member before waits for other seeds
 */
public record NodeSettings(
    String clusterName,
    String id,
    String host,
    int port,
    List<SeedNode> seedNodes,
    List<String> roles,
    Path dataDir,
    boolean exitJvmWhenDowned,
    Duration maxClockOffset,
    Duration rejoinSeedTimeout) {

  /** The configuration section these settings come from. */
  public static final String PREFIX = "chorus.node";

  private static final Pattern SYSTEM_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

  /** Copies the lists so the record stays immutable. */
  public NodeSettings {
    seedNodes = List.copyOf(seedNodes);
    roles = List.copyOf(roles);
  }

  /**
   * Reads and validates {@code chorus.node} from a configuration that includes core's
   * {@code reference.conf}.
   *
   * @throws ChorusConfigException naming the first key whose value is wrong
   */
  public static NodeSettings fromConfig(Config config) {
    SettingsReader r = new SettingsReader(config, PREFIX);
    String clusterName = r.nonBlankString("cluster-name");
    if (!SYSTEM_NAME.matcher(clusterName).matches()) {
      throw new ChorusConfigException(r.path("cluster-name"), "'" + clusterName
          + "' is not allowed: use letters, digits, '-' and '_', starting with a letter or digit");
    }
    String host = r.nonBlankString("host");
    int port = r.intBetween("port", 1, 65535);
    String id = r.optionalNonBlankString("id").orElse(host + ":" + port);
    List<SeedNode> seeds = seedNodes(r);
    List<String> roles = r.stringList("roles");
    Path dataDir = r.optionalNonBlankString("data-dir")
        .map(Path::of)
        .orElse(Path.of("chorus-data", id.replace(':', '_')));
    return new NodeSettings(clusterName, id, host, port, seeds, roles, dataDir,
        r.bool("exit-jvm-when-downed"), r.durationAtLeast("max-clock-offset", Duration.ofMillis(1)),
        r.durationAtLeast("rejoin-seed-timeout", Duration.ofSeconds(1)));
  }

  private static List<SeedNode> seedNodes(SettingsReader r) {
    List<String> raw = r.stringList("seed-nodes");
    List<SeedNode> seeds = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      try {
        seeds.add(SeedNode.parse(raw.get(i)));
      } catch (IllegalArgumentException e) {
        throw new ChorusConfigException(r.path("seed-nodes") + "[" + i + "]",
            e.getMessage() + "; expected host:port with a port between 1 and 65535");
      }
    }
    return seeds;
  }
}
