package dev.chorus.replication.leaderfollower;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica that starts after the others compacted a state larger than Artery's frame (256 KiB
 * by default) catches up from the leader's snapshot over the network, on a three-node cluster:
 * the snapshot crosses in parts. Before, the transport dropped the one oversized message on every
 * retry and the replica never caught up. Timeouts only guard against a hang.
 */
class LargeSnapshotReplicaTest {
  private static final List<String> REPLICAS = List.of("n1", "n2", "n3");
  private static final Duration HANG = Duration.ofSeconds(30);
  /** 40 values of 20 KiB: about 800 KiB of state, three frames' worth. */
  private static final int WRITES = 40;
  private static final int VALUE_BYTES = 20 * 1024;

  @TempDir Path dataDir;

  @Test
  void aLateReplicaCatchesUpFromASnapshotLargerThanAFrame() throws Exception {
    try (LocalCluster cluster = LocalCluster.start(3, dataDir, ConfigFactory.parseString("""
        pekko.loglevel = WARNING
        chorus.replication.stores.big { mode = semi-sync, semi-sync-followers = 1, downgrade = off,
          snapshot-records = 10 }
        """))) {
      cluster.awaitAllUp(HANG);
      List<ReplicatedStore<KvCommand, String, KvResult>> replicas = new ArrayList<>();
      for (int i = 0; i < REPLICAS.size(); i++) {
        var node = cluster.node(i);
        LeaderElection election = LeaderElection.start(node.system(), node.nodeId(), LeaderElection.GROUP,
            java.util.Set.copyOf(REPLICAS), RaftGroupSettings.defaults().withTickInterval(Duration.ofMillis(20)));
        if (i < 2) {
          replicas.add(start(node, election));
        } else {
          writeAll(replicas);
          replicas.add(start(node, election));
        }
      }
      ReplicaStatus leader = awaitCaughtUp(replicas);
      assertTrue(leader.snapshotOffset() > 0, "the leader had compacted: " + leader);
      ReplicaStatus late = replicas.get(2).status().toCompletableFuture().get(HANG.toSeconds(), TimeUnit.SECONDS);
      assertEquals(leader.lastOffset(), late.lastOffset());
      assertTrue(late.snapshotOffset() > 0, "the late replica installed the leader's snapshot: " + late);
    }
  }

  private static ReplicatedStore<KvCommand, String, KvResult> start(dev.chorus.core.ChorusNode node, LeaderElection election) {
    return ReplicatedStore.start(node, "big", REPLICAS, KvStateMachine::new,
        new Codecs<>(KvCodecs.COMMANDS, KvCodecs.QUERIES, KvCodecs.RESULTS), election);
  }

  private static void writeAll(List<ReplicatedStore<KvCommand, String, KvResult>> replicas) throws InterruptedException {
    int at = 0;
    String padding = "v".repeat(VALUE_BYTES);
    for (int i = 0; i < WRITES; i++) {
      KvCommand put = new KvCommand.Put("k" + i, i + padding);
      HintedRetry.Outcome o = HintedRetry.untilDone(replicas.size(), at, m -> replicas.get(m).write(put),
          f -> f instanceof StoreRequestException s && s.leaderHint().isPresent()
              ? OptionalInt.of(REPLICAS.indexOf(s.leaderHint().get())) : OptionalInt.empty(),
          HANG);
      assertTrue(o.done(), "write " + i + " was acknowledged; failures: " + o.failures());
      at = o.member();
    }
  }

  /** Waits until the third replica holds the leader's whole log; the leader's status then. */
  private static ReplicaStatus awaitCaughtUp(List<ReplicatedStore<KvCommand, String, KvResult>> replicas)
      throws Exception {
    long deadline = System.nanoTime() + HANG.toNanos();
    List<ReplicaStatus> seen = List.of();
    while (System.nanoTime() < deadline) {
      seen = new ArrayList<>();
      for (var r : replicas) {
        seen.add(r.status().toCompletableFuture().get(HANG.toSeconds(), TimeUnit.SECONDS));
      }
      ReplicaStatus leader = seen.stream().filter(s -> s.role() == ReplicaRole.LEADER).findFirst().orElse(null);
      if (leader != null && seen.get(2).lastOffset() == leader.lastOffset()) {
        return leader;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new AssertionError("the late replica did not catch up within " + HANG + ": " + seen);
  }
}
