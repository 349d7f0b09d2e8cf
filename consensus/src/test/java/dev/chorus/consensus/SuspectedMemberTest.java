package dev.chorus.consensus;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.chorus.testkit.cluster.LocalCluster;
import dev.chorus.testkit.workload.HintedRetry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pekko marks a member unreachable when any one observer suspects it. Here a third node that is
 * not in the group cuts its link to one member (n3 -x- n1), so that the other member (n2) sees n1
 * as unreachable too, though the link n1 - n2 is fine. The group {n1, n2} needs both to commit;
 * it must keep committing, because its members talk over the link they have, whatever the failure
 * detector says of it. (A member that filtered its peers on reachability would stop: CI once saw
 * a replicated store's recovery stall that way after a kill -9.) Downing is off, so the suspicion
 * lasts; timeouts only guard against a hang.
 */
class SuspectedMemberTest {
  private static final String GROUP = "pair";
  private static final Duration HANG = Duration.ofSeconds(30);
  private static final int WRITES = 10;

  @TempDir Path dataDir;

  @Test
  void aThirdNodesSuspicionDoesNotCutTwoMembersOff() throws Exception {
    try (LocalCluster cluster = LocalCluster.start(3, dataDir, ConfigFactory.parseString("""
        pekko.loglevel = WARNING
        # No downing: the suspicion of n1 must last for the whole test.
        pekko.cluster.downing-provider-class = ""
        chorus.consensus.groups.pair {
          members = [n1, n2]
          tick-interval = 50ms
          request-timeout = 2s
        }
        """))) {
      cluster.awaitAllUp(HANG);
      List<RaftGroup<String, String, String>> members = List.of(
          RaftGroups.start(cluster.node(0), GROUP, RegisterMachine::new, LogMachine.CODECS),
          RaftGroups.start(cluster.node(1), GROUP, RegisterMachine::new, LogMachine.CODECS));
      assertTrue(commits(members, 1), "the pair commits before any fault");

      cluster.cut(Map.of(2, Set.of(0), 0, Set.of(2)));
      cluster.awaitUnreachable(1, "n1", HANG);
      assertTrue(commits(members, WRITES), "the pair keeps committing while n2 suspects n1 on n3's word");
      assertTrue(!cluster.reachable(1, "n1"), "n2 still suspected n1 at the end, so the test tested it");
      cluster.heal(); // lets the nodes leave gracefully when the cluster closes
      for (RaftGroup<String, String, String> m : members) {
        GroupFixture.get(m.stop());
      }
    }
  }

  /** Whether {@code count} writes commit, each within {@link #HANG}, following NotLeader hints. */
  private static boolean commits(List<RaftGroup<String, String, String>> members, int count)
      throws InterruptedException {
    int at = 0;
    for (int i = 0; i < count; i++) {
      String write = "write x " + i;
      HintedRetry.Outcome o = HintedRetry.untilDone(members.size(), at, m -> members.get(m).submit(write),
          f -> f instanceof NotLeader n && n.leaderHint().isPresent()
              ? OptionalInt.of(Integer.parseInt(n.leaderHint().get().substring(1)) - 1) : OptionalInt.empty(),
          HANG);
      if (!o.done()) {
        System.out.println(write + " did not commit; failures (and how often): " + o.failures());
        return false;
      }
      at = o.member();
    }
    return true;
  }
}
