package dev.chorus.consensus.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.chorus.consensus.LocalSystems;
import dev.chorus.consensus.RaftGroup;
import dev.chorus.consensus.RaftGroupSettings;
import dev.chorus.consensus.RaftGroups;
import dev.chorus.consensus.ReadPath;
import dev.chorus.core.ConsistencyLevel;
import dev.chorus.core.kv.KvCodecs;
import dev.chorus.core.kv.KvCommand;
import dev.chorus.core.kv.KvResult;
import dev.chorus.core.kv.KvStateMachine;
import dev.chorus.core.spi.Codecs;
import java.nio.file.Path;
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
    RaftGroupSettings settings = RaftGroupSettings.defaults().withTickInterval(LocalSystems.TICK);
    Map<String, RaftGroup<SessionCommand, String, SessionOutcome>> members = new TreeMap<>();
    for (String id : THREE) {
      members.put(id, RaftGroups.start(kit.system(), id, "sessions", THREE,
          () -> new SessionMachine<>(new KvStateMachine(), KV, 60_000), SessionMachine.codecs(KvCodecs.QUERIES),
          settings));
    }
    String first = LocalSystems.awaitLeader(members);
    long client = ((SessionOutcome.Registered) LocalSystems.await(members.get(first).submit(new SessionCommand.Register(1)))).clientId();
    byte[] cas = KvCodecs.COMMANDS.encode(new KvCommand.CompareAndSet("x", null, "v1"));
    SessionOutcome applied = LocalSystems.await(members.get(first).submit(new SessionCommand.Invoke(client, 1, 1, cas, 2)));
    KvResult firstResult = KvCodecs.RESULTS.decode(assertInstanceOf(SessionOutcome.Applied.class, applied).result());
    assertEquals(new KvResult.CasResult("x", true, "v1", ((KvResult.CasResult) firstResult).version()), firstResult);

    String next = THREE.stream().filter(id -> !id.equals(first)).findFirst().orElseThrow();
    LocalSystems.await(members.get(first).transferLeadership(next));
    assertNotEquals(first, LocalSystems.awaitLeader(members));
    // The client never heard back (say), so it retries the same command at the new leader.
    SessionOutcome retried = LocalSystems.await(members.get(LocalSystems.awaitLeader(members)).submit(new SessionCommand.Invoke(client, 1, 1, cas, 3)));
    assertArrayEquals(((SessionOutcome.Applied) applied).result(),
        assertInstanceOf(SessionOutcome.Duplicate.class, retried).result(),
        "the retry gets the first attempt's result: the cas swapped once");
    SessionOutcome read = LocalSystems.await(members.get(LocalSystems.awaitLeader(members)).query("x", ConsistencyLevel.STRONG));
    KvResult.Value x = (KvResult.Value) KvCodecs.RESULTS.decode(((SessionOutcome.Applied) read).result());
    assertEquals("v1", x.value());
    for (RaftGroup<SessionCommand, String, SessionOutcome> g : members.values()) {
      LocalSystems.await(g.stop());
    }
  }
}
