package dev.chorus.samples.cli;

import dev.chorus.testkit.cluster.JvmNodeSpec;
import java.util.ArrayList;
import java.util.List;

/** The {@code chorus node} command line for one node of a launched cluster. */
public final class NodeArgs {
  private NodeArgs() {}

  /**
   * The arguments that run {@code spec} as a sample node, with every node of {@code all} as a
   * seed so that a restarted first node joins the others (docs/architecture.md, "Membership under faults").
   */
  public static List<String> of(JvmNodeSpec spec, List<JvmNodeSpec> all) {
    List<String> args = new ArrayList<>(List.of("node", "--id", spec.id(),
        "--port", Integer.toString(spec.clusterPort()), "--http", Integer.toString(spec.httpPort()),
        "--data-dir", spec.dataDir().toString()));
    for (JvmNodeSpec seed : all) {
      args.add("--seed");
      args.add(seed.seed());
    }
    return args;
  }
}
