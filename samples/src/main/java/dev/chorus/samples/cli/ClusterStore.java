package dev.chorus.samples.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A store that {@code chorus cluster} runs on every node. */
enum ClusterStore {
  /** The Raft key-value store: {@code --raft-kv}, served at {@code /kv/{key}}. */
  RAFT_KV("raft-kv", "--raft-kv", "/raft/kv", "/kv/"),
  /** The leader-follower key-value store {@code kv}: {@code --replicated-kv}, at {@code /repl/kv/kv/{key}}. */
  REPLICATED_KV("replicated-kv", "--replicated-kv", "/repl/" + NodeCommand.REPLICATED_STORE,
      "/repl/" + NodeCommand.REPLICATED_STORE + "/kv/");

  private final String label;
  private final String flag;
  private final String statusPath;
  private final String keyPath;

  ClusterStore(String label, String flag, String statusPath, String keyPath) {
    this.label = label;
    this.flag = flag;
    this.statusPath = statusPath;
    this.keyPath = keyPath;
  }

  /** The name the {@code --stores} option takes. */
  String label() {
    return label;
  }

  /** The {@code chorus node} flag that runs the store on the nodes it lists. */
  String flag() {
    return flag;
  }

  /** The path of a node's status of the store, whose {@code "leader"} names the leader. */
  String statusPath() {
    return statusPath;
  }

  /** The path under which keys are read and written, followed by the key. */
  String keyPath() {
    return keyPath;
  }

  /** The store a {@code --stores} value names. */
  static Optional<ClusterStore> named(String name) {
    return Arrays.stream(values()).filter(s -> s.label.equals(name.trim().toLowerCase(Locale.ROOT))).findFirst();
  }

  /** Every label, for messages. */
  static List<String> labels() {
    return Arrays.stream(values()).map(ClusterStore::label).toList();
  }
}
