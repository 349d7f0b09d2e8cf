package dev.chorus.consensus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.consensus.LocalSystems;
import dev.chorus.consensus.RaftGroup;
import dev.chorus.consensus.RaftGroupSettings;
import dev.chorus.consensus.RaftGroups;
import dev.chorus.consensus.ReadPath;
import dev.chorus.core.Bytes;
import dev.chorus.core.ConsistencyLevel;
import dev.chorus.core.kv.KvCodecs;
import dev.chorus.core.kv.KvCommand;
import dev.chorus.core.kv.KvResult;
import dev.chorus.core.kv.KvStateMachine;
import dev.chorus.core.spi.Codecs;
import dev.chorus.core.spi.StateMachine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member answers a query in both of its forms alike: {@link RaftNode.Query}, the bytes that can
 * cross nodes, and {@link RaftNode.LocalQuery}, the objects its own {@code RaftGroup} sends. One
 * member, so that it leads at once.
 */
class QueryFormsTest {
  private static final Codecs<KvCommand, String, KvResult> CODECS =
      new Codecs<>(KvCodecs.COMMANDS, KvCodecs.QUERIES, KvCodecs.RESULTS);

  @TempDir static Path dataDir;
  private static ActorTestKit kit;

  @BeforeAll
  static void startSystem() {
    kit = LocalSystems.kit("query-forms", dataDir);
  }

  @AfterAll
  static void stopSystem() {
    kit.shutdownTestKit();
  }

  @Test
  void bytesAndObjectsGetTheSameAnswerInEveryConsistency() throws Exception {
    RaftGroup<KvCommand, String, KvResult> group = RaftGroups.start(kit.system(), "n1", "forms", Set.of("n1"),
        KvStateMachine::new, CODECS, RaftGroupSettings.defaults().withTickInterval(Duration.ofMillis(20)));
    LocalSystems.awaitLeader(Map.of("n1", group));
    KvResult.Written w = (KvResult.Written) LocalSystems.await(group.submit(new KvCommand.Put("k", "v")));
    ActorRef<RaftNode.Command> member = member("forms", "n1");
    TestProbe<RaftNode.Response> probe = kit.createTestProbe();
    KvResult.Value expected = new KvResult.Value("k", "v", w.version());
    for (ReadPath c : ReadPath.values()) {
      member.tell(new RaftNode.Query(Bytes.of(CODECS.queries().encode("k")), c, probe.ref()));
      RaftNode.Response.Ok ok = probe.expectMessageClass(RaftNode.Response.Ok.class);
      assertEquals(expected, CODECS.results().decode(ok.result().toArray()), c + " as bytes");
      member.tell(new RaftNode.LocalQuery("k", c, probe.ref()::tell));
      assertEquals(expected, probe.expectMessageClass(RaftNode.Response.Served.class).result(), c + " as objects");
      assertEquals(expected, LocalSystems.await(group.query("k", c.level(), c)), c + " through the group");
    }
    member.tell(new RaftNode.Query(Bytes.of(new byte[] {1}), ReadPath.LOCAL, probe.ref()));
    assertTrue(probe.expectMessageClass(RaftNode.Response.Rejected.class).reason().startsWith("the query failed"),
        "bytes that are not a query");
    member.tell(new RaftNode.LocalQuery(42, ReadPath.LOCAL, probe.ref()::tell));
    assertTrue(probe.expectMessageClass(RaftNode.Response.Rejected.class).reason().startsWith("the query failed"),
        "an object that is not a query");
    LocalSystems.await(group.stop());
  }

  @Test
  void aLocalAnswerIsTheStateMachinesOwnObject() throws Exception {
    KvResult.Value[] made = new KvResult.Value[1];
    RaftGroup<KvCommand, String, KvResult> group = RaftGroups.start(kit.system(), "n1", "same", Set.of("n1"),
        () -> new RecordingMachine(made), CODECS, RaftGroupSettings.defaults().withTickInterval(Duration.ofMillis(20)));
    LocalSystems.awaitLeader(Map.of("n1", group));
    KvResult got = LocalSystems.await(group.query("k", ConsistencyLevel.STRONG));
    assertSame(made[0], assertInstanceOf(KvResult.Value.class, got), "not a copy made by encoding and decoding");
    LocalSystems.await(group.stop());
  }

  /** The member's actor, as its peers find it. */
  private static ActorRef<RaftNode.Command> member(String group, String nodeId) {
    TestProbe<Receptionist.Listing> listing = kit.createTestProbe();
    return listing.awaitAssert(LocalSystems.HANG, () -> {
      kit.system().receptionist().tell(Receptionist.find(RaftNode.peerKey(group, nodeId), listing.ref()));
      return listing.expectMessageClass(Receptionist.Listing.class).getServiceInstances(RaftNode.peerKey(group, nodeId))
          .iterator().next();
    });
  }

  /** The store's machine, keeping the last result it answered a query with. */
  private record RecordingMachine(KvStateMachine store, KvResult.Value[] made)
      implements StateMachine<KvCommand, String, KvResult> {
    RecordingMachine(KvResult.Value[] made) {
      this(new KvStateMachine(), made);
    }

    @Override
    public KvResult apply(long index, KvCommand command) {
      return store.apply(index, command);
    }

    @Override
    public KvResult query(String key) {
      made[0] = (KvResult.Value) store.query(key);
      return made[0];
    }

    @Override
    public byte[] snapshot() {
      return store.snapshot();
    }

    @Override
    public void restore(byte[] snapshot) {
      store.restore(snapshot);
    }
  }
}
