package dev.chorus.consensus.session;

import dev.chorus.consensus.LeaderTime;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.chorus.consensus.LocalSystems;
import dev.chorus.consensus.RaftGroup;
import dev.chorus.consensus.RaftGroupSettings;
import dev.chorus.consensus.RaftGroups;
import dev.chorus.core.ConsistencyLevel;
import dev.chorus.core.kv.KvCodecs;
import dev.chorus.core.kv.KvCommand;
import dev.chorus.core.kv.KvResult;
import dev.chorus.core.kv.KvStateMachine;
import dev.chorus.core.spi.Codecs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once across a leader change on a real three-member group (thesis §6.3): a client's
 * command applied by one leader and retried, with the same session and sequence number, at the
 * next leader is answered from the session table and not applied again.
 */
class SessionGroupTest {
  private static final Set<String> THREE = Set.of("n1", "n2", "n3");
  private static final Codecs<KvCommand, String, KvResult> KV =
      new Codecs<>(KvCodecs.COMMANDS, KvCodecs.QUERIES, KvCodecs.RESULTS);

  @TempDir static Path dataDir;
  private static ActorTestKit kit;

  @BeforeAll
  static void startSystem() {
    kit = LocalSystems.kit("sessions", dataDir);
  }

  @AfterAll
  static void stopSystem() {
    kit.shutdownTestKit();
  }

  @Test
  void aRetryAtTheNextLeaderIsNotAppliedAgain() throws Exception {
    Map<String, RaftGroup<SessionCommand, String, SessionOutcome<KvResult>>> members =
        start("sessions", 60_000, RaftGroupSettings.defaults().withTickInterval(LocalSystems.TICK));
    String first = LocalSystems.awaitLeader(members);
    long client = registered(LocalSystems.await(members.get(first).submit(new SessionCommand.Register())));
    byte[] cas = KvCodecs.COMMANDS.encode(new KvCommand.CompareAndSet("x", null, "v1"));
    SessionOutcome<KvResult> applied = LocalSystems.await(members.get(first).submit(new SessionCommand.Invoke(client, 1, 1, cas)));
    KvResult firstResult = ((SessionOutcome.Applied<KvResult>) assertInstanceOf(SessionOutcome.Applied.class, applied)).result();
    assertEquals(new KvResult.CasResult("x", true, "v1", ((KvResult.CasResult) firstResult).version()), firstResult);

    String next = THREE.stream().filter(id -> !id.equals(first)).findFirst().orElseThrow();
    LocalSystems.await(members.get(first).transferLeadership(next));
    assertNotEquals(first, LocalSystems.awaitLeader(members));
    // The client never heard back (say), so it retries the same command at the new leader.
    SessionOutcome<KvResult> retried = LocalSystems.await(members.get(LocalSystems.awaitLeader(members))
        .submit(new SessionCommand.Invoke(client, 1, 1, cas)));
    assertEquals(new SessionOutcome.Duplicate<>(firstResult), retried, "the retry gets the first attempt's result: the cas swapped once");
    SessionOutcome<KvResult> read = LocalSystems.await(members.get(LocalSystems.awaitLeader(members)).query("x", ConsistencyLevel.STRONG));
    assertEquals("v1", ((KvResult.Value) ((SessionOutcome.Applied<KvResult>) read).result()).value());
    stop(members);
  }

  /**
   * The leader stamps its own time on every session entry: a submitter that claims a time far
   * ahead expires nobody, while time that passes on the leader's node does. The time-to-live
   * covers the real time between a client's two requests; the node's clock then jumps one tick
   * past it. At the default 100 ms tick that is 4 ticks, well short of an election timeout.
   */
  @Test
  void sessionsExpireByTheLeadersTimeNotTheSubmitters() throws Exception {
    Map<String, RaftGroup<SessionCommand, String, SessionOutcome<KvResult>>> members =
        start("expiry", 300, RaftGroupSettings.defaults());
    RaftGroup<SessionCommand, String, SessionOutcome<KvResult>> leader = members.get(LocalSystems.awaitLeader(members));
    long a = registered(LocalSystems.await(leader.submit(new SessionCommand.Register())));
    LocalSystems.await(leader.submit(new SessionCommand.Register(new LeaderTime(1_000_000, 1_000_000_000L))));
    byte[] put = KvCodecs.COMMANDS.encode(new KvCommand.Put("y", "1"));
    assertInstanceOf(SessionOutcome.Applied.class, LocalSystems.await(leader.submit(new SessionCommand.Invoke(a, 1, 1, put))),
        "a submitter's claimed time moved no session time");
    LocalSystems.timePasses(kit, Duration.ofMillis(400));
    LocalSystems.await(leader.submit(new SessionCommand.Register()));
    assertEquals(new SessionOutcome.SessionExpired<KvResult>(a),
        LocalSystems.await(leader.submit(new SessionCommand.Invoke(a, 2, 2, put))));
    stop(members);
  }

  private static Map<String, RaftGroup<SessionCommand, String, SessionOutcome<KvResult>>> start(String group,
      long ttlMillis, RaftGroupSettings settings) {
    Map<String, RaftGroup<SessionCommand, String, SessionOutcome<KvResult>>> members = new TreeMap<>();
    for (String id : THREE) {
      members.put(id, RaftGroups.start(kit.system(), id, group, THREE,
          () -> new SessionMachine<>(new KvStateMachine(), KV, ttlMillis), SessionCodecs.of(KV), settings));
    }
    return members;
  }

  private static long registered(SessionOutcome<KvResult> o) {
    return assertInstanceOf(SessionOutcome.Registered.class, o).clientId();
  }

  private static void stop(Map<String, RaftGroup<SessionCommand, String, SessionOutcome<KvResult>>> members) throws Exception {
    for (RaftGroup<SessionCommand, String, SessionOutcome<KvResult>> g : members.values()) {
      LocalSystems.await(g.stop());
    }
  }
}
