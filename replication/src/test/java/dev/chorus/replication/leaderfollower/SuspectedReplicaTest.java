package dev.chorus.replication.leaderfollower;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.chorus.consensus.RaftGroupSettings;
import dev.chorus.consensus.election.LeaderElection;
import dev.chorus.core.kv.KvCodecs;
import dev.chorus.core.kv.KvCommand;
import dev.chorus.core.kv.KvResult;
import dev.chorus.core.kv.KvStateMachine;
import dev.chorus.core.spi.Codecs;
import dev.chorus.testkit.cluster.LocalCluster;
import dev.chorus.testkit.workload.HintedRetry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store of two replicas, n1 and n2, leading through a lease group of the same two, on a
 * three-node cluster whose third node cuts its link to n1 (n3 -x- n1). Pekko then marks n1
 * unreachable on n2 too, on n3's word, though the link n1 - n2 is fine. In SEMI_SYNC(1) every
 * write needs both replicas, and the store must keep taking them: its replicas (and the lease
 * group's members) talk over the link they have, whatever the failure detector says of it. CI saw
 * the store's recovery stall for 30 s when they did not. Downing is off, so the suspicion lasts;
 * timeouts only guard against a hang.
 */
class SuspectedReplicaTest {
  private static final List<String> REPLICAS = List.of("n1", "n2");
  private static final Duration HANG = Duration.ofSeconds(30);
  private static final int WRITES = 10;

  @TempDir Path dataDir;

  @Test
  void aThirdNodesSuspicionDoesNotCutTwoReplicasOff() throws Exception {
    try (LocalCluster cluster = LocalCluster.start(3, dataDir, ConfigFactory.parseString("""
        pekko.loglevel = WARNING
        # No downing: the suspicion of n1 must last for the whole test.
        pekko.cluster.downing-provider-class = ""
        chorus.replication.stores.orders { mode = semi-sync, semi-sync-followers = 1, downgrade = off }
        """))) {
      cluster.awaitAllUp(HANG);
      List<ReplicatedStore<KvCommand, String, KvResult>> replicas = new ArrayList<>();
      for (int i = 0; i < REPLICAS.size(); i++) {
        var node = cluster.node(i);
        LeaderElection election = LeaderElection.start(node.system(), node.nodeId(), LeaderElection.GROUP,
            Set.copyOf(REPLICAS), RaftGroupSettings.defaults().withTickInterval(Duration.ofMillis(20)));
        replicas.add(ReplicatedStore.start(node, "orders", REPLICAS, KvStateMachine::new,
            new Codecs<>(KvCodecs.COMMANDS, KvCodecs.QUERIES, KvCodecs.RESULTS), election));
      }
      assertTrue(writes(replicas, 1), "the store takes a write before any fault");

      cluster.cut(Map.of(2, Set.of(0), 0, Set.of(2)));
      cluster.awaitUnreachable(1, "n1", HANG);
      assertTrue(writes(replicas, WRITES), "the store keeps taking writes while n2 suspects n1 on n3's word");
      assertTrue(!cluster.reachable(1, "n1"), "n2 still suspected n1 at the end, so the test tested it");
      cluster.heal(); // lets the nodes leave gracefully when the cluster closes
    }
  }

  /** Whether {@code count} writes are acknowledged, each within {@link #HANG}, following hints. */
  private static boolean writes(List<ReplicatedStore<KvCommand, String, KvResult>> replicas, int count)
      throws InterruptedException {
    int at = 0;
    for (int i = 0; i < count; i++) {
      KvCommand put = new KvCommand.Put("k", "v" + i);
      HintedRetry.Outcome o = HintedRetry.untilDone(replicas.size(), at, m -> replicas.get(m).write(put),
          f -> f instanceof StoreRequestException s && s.leaderHint().isPresent()
              ? OptionalInt.of(REPLICAS.indexOf(s.leaderHint().get())) : OptionalInt.empty(),
          HANG);
      if (!o.done()) {
        System.out.println(put + " was not acknowledged; failures (and how often): " + o.failures());
        return false;
      }
      at = o.member();
    }
    return true;
  }
}
