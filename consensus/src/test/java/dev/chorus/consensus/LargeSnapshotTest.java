package dev.chorus.consensus;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state machine whose snapshot is larger than one journal record may be (the file journal's
 * {@code max-record-size}, 16 MiB by default): every member compacts its log through it, a member
 * that was down installs it from the leader (§7), and the whole group restarts from it. Before the
 * log actor wrote a large snapshot in chunks, the journal refused the write and every member
 * stopped at its first compaction.
 */
class LargeSnapshotTest {
  private static final Set<String> THREE = Set.of("n1", "n2", "n3");
  /** Each command: under Artery's 256 KiB frame, as reference.conf asks. */
  private static final int COMMAND_BYTES = 128 * 1024;
  /** 150 commands: about 18.8 MiB of state, over the 16 MiB record limit. */
  private static final int COMMANDS = 150;
  private static final int SNAPSHOT_AT = COMMANDS - 10;

  @TempDir static Path dataDir;
  private static ActorTestKit kit;

  @BeforeAll
  static void startSystem() {
    kit = LocalSystems.kit("large-snapshot", dataDir);
  }

  @AfterAll
  static void stopSystem() {
    kit.shutdownTestKit();
  }

  @Test
  void aSnapshotLargerThanAJournalRecordIsCompactedInstalledAndRecovered() {
    RaftGroupSettings settings = RaftGroupSettings.defaults().withTickInterval(LocalSystems.TICK)
        .withRequestTimeout(Duration.ofSeconds(10)).withSnapshotEntries(SNAPSHOT_AT).withRetainedEntries(0);
    GroupFixture g = new GroupFixture(kit, "large", THREE, settings).startAll();
    String leader = g.awaitLeader();
    String lagging = g.follower(leader);
    g.stop(lagging);
    String padding = "x".repeat(COMMAND_BYTES);
    List<String> expected = new ArrayList<>(IntStream.rangeClosed(1, COMMANDS).mapToObj(i -> i + padding).toList());
    expected.forEach(g::submit);
    g.start(lagging);
    g.awaitEveryMemberHolds(expected);
    assertRestoredFirst(g, lagging, "installed the leader's snapshot");

    g.stopAll();
    THREE.forEach(g::start);
    g.awaitLeader();
    g.submit("after");
    expected.add("after");
    g.awaitEveryMemberHolds(expected);
    for (String id : THREE) {
      assertRestoredFirst(g, id, "recovered from its own snapshot");
      g.machine(id).assertAppliedExactlyOnceInOrder();
    }
    g.stopAll();
  }

  private static void assertRestoredFirst(GroupFixture g, String id, String what) {
    List<LogMachine.Call> calls = g.machine(id).calls();
    assertTrue(!calls.isEmpty() && calls.get(0).isRestore() && calls.get(0).index() >= SNAPSHOT_AT,
        id + " first " + what + ": " + calls.subList(0, Math.min(3, calls.size())).stream()
            .map(c -> c.isRestore() ? "restore@" + c.index() : "apply@" + c.index()).toList());
  }
}
