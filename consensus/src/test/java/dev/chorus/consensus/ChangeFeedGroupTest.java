package dev.chorus.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.core.feed.Change;
import dev.chorus.core.feed.ChangeBatch;
import dev.chorus.core.feed.OffsetCompactedException;
import dev.chorus.core.kv.KvCodecs;
import dev.chorus.core.kv.KvCommand;
import dev.chorus.core.kv.KvResult;
import dev.chorus.core.kv.KvStateMachine;
import dev.chorus.core.spi.Codecs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Raft group's change feed on real members: every member, follower too, delivers the committed
 * commands in log order, follows new ones, resumes from an offset after a restart, and says so
 * when the offset was compacted.
 */
class ChangeFeedGroupTest {
  private static final Set<String> THREE = Set.of("n1", "n2", "n3");
  private static final Codecs<KvCommand, String, KvResult> KV =
      new Codecs<>(KvCodecs.COMMANDS, KvCodecs.QUERIES, KvCodecs.RESULTS);
  private static final Duration WAIT = Duration.ofMillis(500);

  @TempDir static Path dataDir;
  private static ActorTestKit kit;

  @BeforeAll
  static void startSystem() {
    kit = LocalSystems.kit("feeds", dataDir);
  }

  @AfterAll
  static void stopSystem() {
    kit.shutdownTestKit();
  }

  @Test
  void everyMemberFeedsTheCommittedCommandsInOrderAndFollowsNewOnes() throws Exception {
    Map<String, RaftGroup<KvCommand, String, KvResult>> members = start("feed", RaftGroupSettings.defaults());
    RaftGroup<KvCommand, String, KvResult> leader = members.get(LocalSystems.awaitLeader(members));
    List<Long> written = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      written.add(((KvResult.Written) LocalSystems.await(leader.submit(new KvCommand.Put("k" + i, "v" + i)))).version());
    }
    for (RaftGroup<KvCommand, String, KvResult> member : members.values()) {
      List<Change<KvCommand>> seen = readUntil(member, 1, 5);
      assertEquals(written, seen.stream().map(Change::offset).toList(), member.nodeId() + " feeds the writes by index");
      assertEquals(new KvCommand.Put("k4", "v4"), seen.get(4).command());
    }
    // From an offset: the third write on; following picks up a write made after it started.
    RaftGroup<KvCommand, String, KvResult> follower = members.values().stream().filter(m -> m != leader).findFirst().orElseThrow();
    CompletionStage<List<Change<KvCommand>>> followed = follower.follow(written.get(2)).take(4).runWith(Sink.seq(), kit.system());
    LocalSystems.await(leader.submit(new KvCommand.Delete("k0")));
    List<Change<KvCommand>> tail = followed.toCompletableFuture().get(LocalSystems.HANG.toSeconds(), TimeUnit.SECONDS);
    assertEquals(List.of(new KvCommand.Put("k2", "v2"), new KvCommand.Put("k3", "v3"), new KvCommand.Put("k4", "v4"),
        new KvCommand.Delete("k0")), tail.stream().map(Change::command).toList());
    // Nothing new: a poll past the end waits, then answers empty, to go on from the same offset.
    long end = tail.get(3).offset() + 1;
    assertEquals(new ChangeBatch<KvCommand>(List.of(), end), LocalSystems.await(follower.poll(end, 10, Duration.ofMillis(100))));
    stop(members);
  }

  @Test
  void aRestartedMemberResumesFromItsLogAndACompactedOffsetIsNamed() throws Exception {
    RaftGroupSettings settings = RaftGroupSettings.defaults().withSnapshotEntries(16);
    Map<String, RaftGroup<KvCommand, String, KvResult>> members = start("compacting", settings);
    RaftGroup<KvCommand, String, KvResult> leader = members.get(LocalSystems.awaitLeader(members));
    long last = 0;
    for (int i = 0; i < 40; i++) {
      last = ((KvResult.Written) LocalSystems.await(leader.submit(new KvCommand.Put("k", "v" + i)))).version();
    }
    String id = leader.nodeId();
    LocalSystems.await(leader.stop());
    RaftGroup<KvCommand, String, KvResult> restarted = RaftGroups.start(kit.system(), id, "compacting", THREE,
        KvStateMachine::new, KV, settings);
    members.put(id, restarted);
    List<Change<KvCommand>> resumed = readUntil(restarted, last, 1);
    assertEquals(new Change<KvCommand>(last, new KvCommand.Put("k", "v39")), resumed.get(0));
    ExecutionException compacted = assertThrows(ExecutionException.class,
        () -> restarted.poll(1, 10, Duration.ZERO).toCompletableFuture().get(LocalSystems.HANG.toSeconds(), TimeUnit.SECONDS));
    OffsetCompactedException e = assertInstanceOf(OffsetCompactedException.class, compacted.getCause());
    assertTrue(e.firstAvailable() > 1 && e.firstAvailable() <= last, e.getMessage());
    assertEquals(1, e.requested());
    assertThrows(IllegalArgumentException.class, () -> restarted.poll(1, 10, settings.requestTimeout()));
    stop(members);
  }

  /** Polls from {@code from} until {@code count} changes came, within the hang bound. */
  private static List<Change<KvCommand>> readUntil(RaftGroup<KvCommand, String, KvResult> member, long from, int count)
      throws Exception {
    List<Change<KvCommand>> seen = new ArrayList<>();
    long next = from;
    long deadline = System.nanoTime() + LocalSystems.HANG.toNanos();
    while (seen.size() < count && System.nanoTime() < deadline) {
      ChangeBatch<KvCommand> batch = LocalSystems.await(member.poll(next, count - seen.size(), WAIT));
      seen.addAll(batch.changes());
      next = batch.next();
    }
    assertEquals(count, seen.size(), "changes read from " + member.nodeId() + " within " + LocalSystems.HANG);
    return seen;
  }

  private static Map<String, RaftGroup<KvCommand, String, KvResult>> start(String group, RaftGroupSettings settings) {
    Map<String, RaftGroup<KvCommand, String, KvResult>> members = new TreeMap<>();
    for (String id : THREE) {
      members.put(id, RaftGroups.start(kit.system(), id, group, THREE, KvStateMachine::new, KV,
          settings.withTickInterval(LocalSystems.TICK)));
    }
    return members;
  }

  private static void stop(Map<String, RaftGroup<KvCommand, String, KvResult>> members) throws Exception {
    for (RaftGroup<KvCommand, String, KvResult> g : members.values()) {
      LocalSystems.await(g.stop());
    }
  }
}
