package dev.chorus.testkit.cluster;

import java.nio.file.Path;

/**
 * What one node of a {@link JvmCluster} keeps across restarts: its id, ports and directories.
 *
 * @param index position in the cluster, from 0
 * @param id the stable node id, {@code n1..nN}
 * @param clusterPort the port for cluster traffic on 127.0.0.1
 * @param httpPort a second port for the node's own API (HTTP in the samples)
 * @param controlPort the port of the node's control channel (see {@code ControlServer})
 * @param dataDir the node's data directory
 * @param logFile where the node's standard output and error go, appended across restarts
 */
public record JvmNodeSpec(int index, String id, int clusterPort, int httpPort, int controlPort, Path dataDir,
    Path logFile) {
  /** The node's Pekko address in a cluster named {@code clusterName}. */
  public String pekkoAddress(String clusterName) {
    return "pekko://" + clusterName + "@127.0.0.1:" + clusterPort;
  }

  /** {@code 127.0.0.1:clusterPort}, the form seeds are given in. */
  public String seed() {
    return "127.0.0.1:" + clusterPort;
  }
}
