package dev.chorus.consensus;

import com.typesafe.config.Config;
import dev.chorus.consensus.internal.RaftNode;
import dev.chorus.consensus.internal.ReplicatedMachine;
import dev.chorus.core.ChorusConfigException;
import dev.chorus.core.ChorusNode;
import dev.chorus.core.SettingsReader;
import dev.chorus.core.host.Instances;
import dev.chorus.core.spi.Codecs;
import dev.chorus.core.spi.StateMachine;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Starts this node's members of named Raft groups, at any time; a node may host many groups,
 * each with its own log, state machine and leader. A group's membership is its own (a list of
 * node ids), separate from the cluster's; members find each other through the cluster's
 * Receptionist, so every member's node must be in the same Pekko cluster (or the same local
 * actor system).
 *
 * <p>Each member keeps its storage through Pekko Persistence under the persistence id
 * {@code chorus-raft|<group>/<nodeId>}, on the configured journal and snapshot store (the
 * embedded file journal by default). Starting a group again on the same node id, after
 * {@link RaftGroup#stop()} or a restart of the node, recovers it from its snapshot plus its log
 * tail. Thread-safe.
 */
public final class RaftGroups {
  /** The members running on each node. */
  private static final Instances RUNNING = new Instances("raft", "group", "a member of raft group");

  private RaftGroups() {}

  /**
   * Starts this node's member of {@code group}, one of its founding {@code members}.
   *
   * @param members the founding voters' node ids, this node's among them; the same on every
   *     founding member
   * @param machine makes an empty state machine; called once now, and again only if the member
   *     restarts. The state machine is then driven by the group alone, which restores it from its
   *     snapshot and applies each later index exactly once.
   * @throws IllegalArgumentException if this node is not among {@code members}
   * @throws IllegalStateException if this node already runs a member of {@code group}
   */
  public static <C, Q, R> RaftGroup<C, Q, R> start(ChorusNode node, String group, Set<String> members,
      Supplier<? extends StateMachine<C, Q, R>> machine, Codecs<C, Q, R> codecs, RaftGroupSettings settings) {
    return start(node.system(), node.nodeId(), group, members, machine, codecs, settings);
  }

  /**
   * Starts this node's member of the group named {@code group} in configuration, under
   * {@code chorus.consensus.groups.<group>}: its founding {@code members}, and settings that may
   * override any {@code chorus.consensus} key. A node that is not among the members starts as
   * one waiting to be added, as {@link #join(ChorusNode, String, Supplier, Codecs, RaftGroupSettings)}.
   *
   * @throws dev.chorus.core.ChorusConfigException naming the key, when the group is not
   *     configured or a value is wrong
   * @throws IllegalStateException if this node already runs a member of {@code group}
   */
  public static <C, Q, R> RaftGroup<C, Q, R> start(ChorusNode node, String group,
      Supplier<? extends StateMachine<C, Q, R>> machine, Codecs<C, Q, R> codecs) {
    Config config = node.system().settings().config();
    String path = RaftGroupSettings.groupPath(group);
    Set<String> members = Set.copyOf(new SettingsReader(config, path).stringList("members"));
    if (members.isEmpty()) {
      throw new ChorusConfigException(path + ".members", "must name at least one node id");
    }
    RaftGroupSettings settings = RaftGroupSettings.forGroup(config, group);
    return spawn(node.system(), node.nodeId(), group, members.contains(node.nodeId()) ? members : Set.of(),
        machine, codecs, settings);
  }

  /** As {@link #start(ChorusNode, String, Set, Supplier, Codecs, RaftGroupSettings)}, on any actor system. */
  public static <C, Q, R> RaftGroup<C, Q, R> start(ActorSystem<?> system, String nodeId, String group,
      Set<String> members, Supplier<? extends StateMachine<C, Q, R>> machine, Codecs<C, Q, R> codecs,
      RaftGroupSettings settings) {
    if (!members.contains(nodeId)) {
      throw new IllegalArgumentException(nodeId + " is not among the members " + members + " of group " + group);
    }
    return spawn(system, nodeId, group, members, machine, codecs, settings);
  }

  /**
   * Starts this node's member of an existing {@code group} that it is not yet part of: it waits,
   * without campaigning, until the leader adds it ({@link RaftGroup#changeMembership}, as a
   * learner first), then catches up from the leader's snapshot and log. On a restart after it
   * was added, it recovers its configuration from its own storage.
   */
  public static <C, Q, R> RaftGroup<C, Q, R> join(ActorSystem<?> system, String nodeId, String group,
      Supplier<? extends StateMachine<C, Q, R>> machine, Codecs<C, Q, R> codecs, RaftGroupSettings settings) {
    return spawn(system, nodeId, group, Set.of(), machine, codecs, settings);
  }

  /** As {@link #join(ActorSystem, String, String, Supplier, Codecs, RaftGroupSettings)}, on a node. */
  public static <C, Q, R> RaftGroup<C, Q, R> join(ChorusNode node, String group,
      Supplier<? extends StateMachine<C, Q, R>> machine, Codecs<C, Q, R> codecs, RaftGroupSettings settings) {
    return join(node.system(), node.nodeId(), group, machine, codecs, settings);
  }

  private static <C, Q, R> RaftGroup<C, Q, R> spawn(ActorSystem<?> system, String nodeId, String group,
      Set<String> voters, Supplier<? extends StateMachine<C, Q, R>> machine, Codecs<C, Q, R> codecs,
      RaftGroupSettings settings) {
    Objects.requireNonNull(machine, "machine");
    Objects.requireNonNull(codecs, "codecs");
    Instances.Started<RaftNode.Command> started = RUNNING.start(system, group, nodeId,
        onStopped -> RaftNode.create(new RaftNode.Spec(group, nodeId, voters, settings,
            () -> new ReplicatedMachine<>(machine.get(), codecs), new Random(), onStopped)));
    return new RaftGroup<>(started, codecs, settings);
  }
}
