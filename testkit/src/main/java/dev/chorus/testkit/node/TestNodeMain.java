package dev.chorus.testkit.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.chorus.core.ChorusConfig;
import dev.chorus.core.ChorusNode;
import dev.chorus.testkit.cluster.JvmNodeSpec;
import dev.chorus.testkit.control.ControlServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A bare Chorus node for multi-JVM tests: a {@link ChorusNode} with the control channel and
 * nothing else. Arguments: {@code --id ID --port PORT --data-dir DIR [--seed HOST:PORT]...}.
 * Exits with status 3 when the cluster downs it, 0 after a graceful stop.
 */
public final class TestNodeMain {
  private TestNodeMain() {}

  /** The arguments that start node {@code spec} with every node of {@code all} as a seed. */
  public static List<String> args(JvmNodeSpec spec, List<JvmNodeSpec> all) {
    List<String> args = new ArrayList<>(List.of("--id", spec.id(), "--port", Integer.toString(spec.clusterPort()),
        "--data-dir", spec.dataDir().toString()));
    for (JvmNodeSpec seed : all) {
      args.add("--seed");
      args.add(seed.seed());
    }
    return args;
  }

  public static void main(String[] args) {
    ChorusNode node = ChorusNode.start(config(args).withFallback(ChorusConfig.application()));
    ControlServer.startIfRequested(node);
    node.whenTerminated().toCompletableFuture().join();
    System.exit(node.wasDowned() ? ChorusNode.EXIT_STATUS_DOWNED : 0);
  }

  static Config config(String[] args) {
    Map<String, Object> m = new HashMap<>();
    List<String> seeds = new ArrayList<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--id" -> m.put("chorus.node.id", args[i + 1]);
        case "--port" -> m.put("chorus.node.port", Integer.parseInt(args[i + 1]));
        case "--data-dir" -> m.put("chorus.node.data-dir", args[i + 1]);
        case "--seed" -> seeds.add(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; use --id, --port, --data-dir, --seed");
      }
    }
    m.put("chorus.node.seed-nodes", seeds);
    return ConfigFactory.parseMap(m, "command line");
  }
}
