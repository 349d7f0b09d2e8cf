package dev.chorus.replication.leaderfollower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.chorus.consensus.RaftGroupSettings;
import dev.chorus.consensus.election.LeaderElection;
import dev.chorus.core.ChorusConfig;
import dev.chorus.core.CommandTooLarge;
import dev.chorus.core.ConsistencyLevel;
import dev.chorus.core.ConsistencyLevelNotSupportedException;
import dev.chorus.core.ServedLevels;
import dev.chorus.core.SessionToken;
import dev.chorus.core.feed.Change;
import dev.chorus.core.feed.ChangeBatch;
import dev.chorus.core.kv.KvCodecs;
import dev.chorus.core.kv.KvCommand;
import dev.chorus.core.kv.KvResult;
import dev.chorus.core.kv.KvStateMachine;
import dev.chorus.core.spi.StateMachine;
import dev.chorus.testkit.junit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three replicas of a store, as actors on the file journal, leading through a real
 * {@link LeaderElection} group, in one actor system: writes, reads at every level, a failover
 * after the leader's replica stops, its recovery from its own log, and a planned switchover.
 * Waits are bounded only against hangs; nothing asserts a duration.
 */
class ReplicatedStoreTest {
  private static final List<String> IDS = List.of("n1", "n2", "n3");
  private static final Duration HANG = Duration.ofSeconds(30);

  @TempDir Path dataDir;
  private ActorTestKit kit;
  private final Map<String, LeaderElection> elections = new LinkedHashMap<>();
  private final Map<String, ReplicatedStore<KvCommand, String, KvResult>> replicas = new LinkedHashMap<>();
  private StoreSettings settings;

  @BeforeEach
  void start() {
    kit = ActorTestKit.create("replicated-store", ChorusConfig.withDefaults(ConfigFactory.parseString("""
        pekko.actor.provider = local
        pekko.loglevel = WARNING
        chorus.node.data-dir = "%s"
        """.formatted(dataDir))));
    settings = StoreSettings.forStore(kit.system().settings().config(), "orders");
    RaftGroupSettings leases = RaftGroupSettings.defaults().withTickInterval(Duration.ofMillis(20));
    for (String id : IDS) {
      elections.put(id, LeaderElection.start(kit.system(), id, LeaderElection.GROUP, Set.copyOf(IDS), leases));
    }
    IDS.forEach(this::startReplica);
  }

  @AfterEach
  void stop() {
    kit.shutdownTestKit();
  }

  private void startReplica(String id) {
    replicas.put(id, ReplicatedStore.start(kit.system(), id, "orders", IDS, KvStateMachine::new,
        new dev.chorus.core.spi.Codecs<>(KvCodecs.COMMANDS, KvCodecs.QUERIES, KvCodecs.RESULTS), settings,
        elections.get(id)));
  }

  @Test
  void writesReachEveryReplicaAndReadsServeEachLevel() throws Exception {
    ReplicatedStore.Written w = retryUnavailable(() -> replicas.get(awaitLeader()).write(new KvCommand.Put("k", "v1")));
    assertEquals("v1", value(retryUnavailable(() -> replicas.get(awaitLeader()).read("k", ConsistencyLevel.STRONG,
        SessionToken.empty()))));

    String leader = awaitLeader();
    String follower = IDS.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
    ReplicatedStore<KvCommand, String, KvResult> other = replicas.get(follower);
    // SEMI_SYNC(1): durable on a follower before acknowledged; a session read on any follower sees it
    // or refuses until the follower has learnt the high watermark, never an older value.
    ReplicatedStore.Value<KvResult> seen = retryUnavailable(() -> other.read("k", ConsistencyLevel.SESSION, w.session()));
    assertEquals("v1", value(seen));
    assertTrue(seen.throughOffset() >= w.offset());

    StoreRequestException notLeader = failure(other.write(new KvCommand.Put("k", "v2")));
    assertEquals(RequestOutcome.NOT_LEADER, notLeader.outcome());
    assertTrue(IDS.contains(notLeader.leaderHint().orElseThrow()), notLeader.getMessage());
    StoreRequestException strong = failure(other.read("k", ConsistencyLevel.STRONG, SessionToken.empty()));
    assertEquals(RequestOutcome.NOT_LEADER, strong.outcome());
  }

  @Test
  void aStrongerModeThanTheStoresAndAForeignTokenAreRefusedAtOnce() throws Exception {
    ReplicatedStore<KvCommand, String, KvResult> store = replicas.get(awaitLeader());
    IllegalArgumentException fenced = assertThrows(IllegalArgumentException.class,
        () -> replicas.get("n1").write(new KvCommand.Put("k", "v"), WriteMode.async(), SessionToken.of(new byte[3])));
    assertTrue(fenced.getMessage().contains("not a leader-follower session token"), fenced.getMessage());
    // A weaker mode per write is allowed: async is acknowledged once durable on the leader.
    assertTrue(await(store.write(new KvCommand.Put("k", "v"), WriteMode.async(), SessionToken.empty())).offset() > 0);
    StoreSettings async = StoreSettings.forStore(ConfigFactory.parseString("chorus.replication.stores.events.mode = async")
        .withFallback(kit.system().settings().config()), "events");
    ReplicatedStore<KvCommand, String, KvResult> events = ReplicatedStore.start(kit.system(), "n1", "events", IDS,
        KvStateMachine::new, new dev.chorus.core.spi.Codecs<>(KvCodecs.COMMANDS, KvCodecs.QUERIES, KvCodecs.RESULTS),
        async, elections.get("n1"));
    IllegalArgumentException stronger = assertThrows(IllegalArgumentException.class,
        () -> events.write(new KvCommand.Put("k", "v"), WriteMode.sync(), SessionToken.empty()));
    assertTrue(stronger.getMessage().contains("store events is ASYNC"), stronger.getMessage());
    // An ASYNC store of three can lose acknowledged writes at a failover: it serves up to session.
    assertEquals(ServedLevels.upTo(ConsistencyLevel.SESSION), events.servedLevels());
    ConsistencyLevelNotSupportedException notServed = assertThrows(ConsistencyLevelNotSupportedException.class,
        () -> events.read("k", ConsistencyLevel.STRONG, SessionToken.empty()));
    assertEquals(List.of(ConsistencyLevel.SESSION), notServed.ceiling().ceiling());
    assertThrows(ConsistencyLevelNotSupportedException.class,
        () -> events.read("k", ConsistencyLevel.boundedStaleness(0, Duration.ofSeconds(1)), SessionToken.empty()));
    assertThrows(ConsistencyLevelNotSupportedException.class,
        () -> events.readAtLeader("k", ConsistencyLevel.CAUSAL, SessionToken.empty()));
    assertEquals(ServedLevels.ALL, store.servedLevels(), "this test's store is strict");
    assertThrows(IllegalArgumentException.class,
        () -> ReplicatedStore.start(kit.system(), "n9", "orders", IDS, KvStateMachine::new,
            new dev.chorus.core.spi.Codecs<>(KvCodecs.COMMANDS, KvCodecs.QUERIES, KvCodecs.RESULTS), settings,
            elections.get("n1")));
  }

  /**
   * The change feed on every replica: the writes in log order once stable, epoch starts passed
   * over; resumed from an offset by a replica restarted from its own log.
   */
  @Test
  void everyReplicaFeedsTheStableWritesAndResumesAfterARestart() throws Exception {
    List<Long> offsets = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String v = "v" + i;
      offsets.add(retryUnavailable(() -> replicas.get(awaitLeader()).write(new KvCommand.Put("f", v))).offset());
    }
    for (String id : IDS) {
      List<Change<KvCommand>> seen = feed(replicas.get(id), 1, 4);
      assertEquals(offsets, seen.stream().map(Change::offset).toList(), id);
      assertEquals(new KvCommand.Put("f", "v3"), seen.get(3).command());
    }
    String follower = IDS.stream().filter(id -> !id.equals(awaitLeaderQuietly())).findFirst().orElseThrow();
    await(replicas.remove(follower).stop());
    startReplica(follower);
    assertEquals(List.of(new Change<KvCommand>(offsets.get(2), new KvCommand.Put("f", "v2"))),
        feed(replicas.get(follower), offsets.get(2), 1), "resumed from the third write's offset");
    assertThrows(IllegalArgumentException.class, () -> replicas.get(follower).poll(0, 1, Duration.ZERO));
  }

  private String awaitLeaderQuietly() {
    try {
      return awaitLeader();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Polls {@code store}'s feed from {@code from} until {@code count} changes came, within the hang bound. */
  private static List<Change<KvCommand>> feed(ReplicatedStore<KvCommand, String, KvResult> store, long from, int count)
      throws Exception {
    List<Change<KvCommand>> seen = new java.util.ArrayList<>();
    long next = from;
    long deadline = System.nanoTime() + HANG.toNanos();
    while (seen.size() < count && System.nanoTime() < deadline) {
      ChangeBatch<KvCommand> batch = await(store.poll(next, count - seen.size(), Duration.ofMillis(500)));
      seen.addAll(batch.changes());
      next = batch.next();
    }
    assertEquals(count, seen.size(), "changes within " + HANG);
    return seen;
  }

  /** A 66,000-byte value answered 500 over HTTP; the store takes values up to the frame's limit. */
  @Test
  void aValueOverSixtyFourKibIsStoredAndACommandOverTheLimitIsRefusedAtOnce() throws Exception {
    String big = "b".repeat(66_000);
    retryUnavailable(() -> replicas.get(awaitLeader()).write(new KvCommand.Put("big", big)));
    assertEquals(big, value(retryUnavailable(() -> replicas.get(awaitLeader()).read("big", ConsistencyLevel.STRONG,
        SessionToken.empty()))));
    long max = CommandTooLarge.maxCommandBytes(kit.system().settings().config());
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> await(replicas.get(awaitLeader()).write(new KvCommand.Put("huge", "h".repeat((int) max)))));
    CommandTooLarge refused = assertInstanceOf(CommandTooLarge.class, e.getCause());
    assertEquals(max, refused.limit());
    assertTrue(refused.getMessage().contains("pekko.remote.artery.advanced.maximum-frame-size"), refused.getMessage());
    assertEquals(null, value(retryUnavailable(() -> replicas.get(awaitLeader()).read("huge", ConsistencyLevel.STRONG,
        SessionToken.empty()))), "never written");
  }

  @Test
  void aFailoverKeepsEverySemiSyncWriteAndTheOldLeaderRecoversFromItsLog() throws Exception {
    for (int i = 0; i < 20; i++) {
      KvCommand put = new KvCommand.Put("k" + i, "v" + i);
      retryUnavailable(() -> replicas.get(awaitLeader()).write(put));
    }
    String first = awaitLeader();
    await(replicas.remove(first).stop());
    String second = awaitLeader();
    assertTrue(!second.equals(first));
    ReplicatedStore<KvCommand, String, KvResult> leader = replicas.get(second);
    for (int i = 0; i < 20; i++) {
      assertEquals("v" + i, value(await(leader.read("k" + i, ConsistencyLevel.STRONG, SessionToken.empty()))));
    }
    ReplicatedStore.Written after = retryUnavailable(() -> replicas.get(awaitLeader()).write(new KvCommand.Put("k0",
        "new")));

    startReplica(first);
    ReplicatedStore<KvCommand, String, KvResult> back = replicas.get(first);
    ReplicatedStore.Value<KvResult> read = retryUnavailable(() -> back.read("k0", ConsistencyLevel.SESSION, after.session()));
    assertEquals("new", value(read));
    ReplicaStatus status = await(back.status());
    assertEquals(ReplicaRole.FOLLOWER, status.role());
    assertEquals(0, status.lostAcknowledged());
  }

  @Test
  void aPlannedSwitchoverHandsLeadershipToTheTarget() throws Exception {
    retryUnavailable(() -> replicas.get(awaitLeader()).write(new KvCommand.Put("k", "v")));
    String first = awaitLeader();
    String target = IDS.stream().filter(id -> !id.equals(first)).findFirst().orElseThrow();
    retryUnavailable(() -> replicas.get(first).switchover(target));
    // The switchover completes once started; only the target's status shows it done.
    Await.until(target + " leading after the switchover", HANG,
        () -> await(replicas.get(target).status()).role() == ReplicaRole.LEADER);
    assertEquals("v", value(retryUnavailable(() -> replicas.get(target).read("k", ConsistencyLevel.STRONG,
        SessionToken.empty()))));
  }

  @Test
  void aReplicaThatMissedCompactedRecordsCatchesUpFromTheSnapshotPlusTheTail() throws Exception {
    catchUpFromTheSnapshot("ledger", KvStateMachine::new, 10);
  }

  /**
   * The same with a state machine whose snapshot is larger than one journal write may be (16 MiB):
   * each image goes to the journal in parts. Before, the journal refused it and every replica
   * stopped at its first compaction.
   */
  @Test
  void aSnapshotOverTheJournalsRecordLimitIsWrittenInParts() throws Exception {
    catchUpFromTheSnapshot("padded", PaddedKv::new, 20);
  }

  /** A KV store whose snapshots carry 18 MiB of padding ahead of the state. */
  private static final class PaddedKv implements StateMachine<KvCommand, String, KvResult> {
    private static final int PADDING = 18 << 20;
    private final KvStateMachine kv = new KvStateMachine();

    @Override
    public KvResult apply(long index, KvCommand command) {
      return kv.apply(index, command);
    }

    @Override
    public KvResult query(String key) {
      return kv.query(key);
    }

    @Override
    public byte[] snapshot() {
      byte[] state = kv.snapshot();
      byte[] padded = new byte[PADDING + state.length];
      System.arraycopy(state, 0, padded, PADDING, state.length);
      return padded;
    }

    @Override
    public void restore(byte[] snapshot) {
      kv.restore(Arrays.copyOfRange(snapshot, PADDING, snapshot.length));
    }
  }

  private void catchUpFromTheSnapshot(String store, Supplier<StateMachine<KvCommand, String, KvResult>> machine,
      int snapshotRecords) throws Exception {
    StoreSettings compacting = StoreSettings.forStore(ConfigFactory.parseString(
        "chorus.replication.stores." + store + ".snapshot-records = " + snapshotRecords)
        .withFallback(kit.system().settings().config()), store);
    Map<String, ReplicatedStore<KvCommand, String, KvResult>> ledger = new LinkedHashMap<>();
    for (String id : IDS) {
      ledger.put(id, ReplicatedStore.start(kit.system(), id, store, IDS, machine, ReplicatedKv.CODECS,
          compacting, elections.get(id)));
    }
    String lagging = awaitLeaderOf(ledger).equals("n3") ? "n2" : "n3";
    await(ledger.remove(lagging).stop());
    for (int i = 0; i < 40; i++) {
      KvCommand put = new KvCommand.Put("k" + i, "v" + i);
      // Idempotent: a follower busy writing a large image may answer late, and the outcome is unknown.
      retryIdempotent(() -> ledger.get(awaitLeaderOf(ledger)).write(put));
    }
    ReplicaStatus leader = await(ledger.get(awaitLeaderOf(ledger)).status());
    assertTrue(leader.snapshotOffset() >= snapshotRecords, "the leader compacted: " + leader);

    ledger.put(lagging, ReplicatedStore.start(kit.system(), lagging, store, IDS, machine,
        ReplicatedKv.CODECS, compacting, elections.get(lagging)));
    ReplicatedStore<KvCommand, String, KvResult> back = ledger.get(lagging);
    ReplicatedStore.Written last = retryIdempotent(() -> ledger.get(awaitLeaderOf(ledger)).write(
        new KvCommand.Put("last", "x")));
    assertEquals("x", value(retryUnavailable(() -> back.read("last", ConsistencyLevel.SESSION, last.session()))));
    assertEquals("v0", value(await(back.read("k0", ConsistencyLevel.EVENTUAL, SessionToken.empty()))),
        "served from the installed snapshot");
    assertTrue(await(back.status()).snapshotOffset() > 0, "it installed a snapshot");

    await(ledger.remove(lagging).stop()); // and it recovers from its own image
    ReplicatedStore<KvCommand, String, KvResult> again = ReplicatedStore.start(kit.system(), lagging, store, IDS,
        machine, ReplicatedKv.CODECS, compacting, elections.get(lagging));
    assertEquals("v0", value(retryUnavailable(() -> again.read("k0", ConsistencyLevel.SESSION, last.session()))));
    assertEquals("x", value(await(again.read("last", ConsistencyLevel.EVENTUAL, SessionToken.empty()))));
  }

  // ---- helpers ----

  private String awaitLeaderOf(Map<String, ReplicatedStore<KvCommand, String, KvResult>> stores) throws Exception {
    Map<String, ReplicatedStore<KvCommand, String, KvResult>> saved = new LinkedHashMap<>(replicas);
    replicas.clear();
    replicas.putAll(stores);
    try {
      return awaitLeader();
    } finally {
      replicas.clear();
      replicas.putAll(saved);
    }
  }

  // No event announces a leader: the replicas' statuses are asked again until one shows it.
  private String awaitLeader() throws Exception {
    return Await.value("a leader that has caught up", HANG, () -> {
      for (var e : replicas.entrySet()) {
        ReplicaStatus s = await(e.getValue().status());
        if (s.role() == ReplicaRole.LEADER && s.highWatermark() >= s.lastOffset()) {
          return Optional.of(e.getKey());
        }
      }
      return Optional.empty();
    }, () -> {
      StringBuilder all = new StringBuilder();
      for (var e : replicas.values()) {
        all.append('\n').append(await(e.status()));
      }
      return all.toString();
    });
  }

  private interface Request<T> {
    CompletionStage<T> send() throws Exception;
  }

  /** Retries a request refused as UNAVAILABLE or NOT_LEADER (not ready yet), within {@link #HANG}. */
  private static <T> T retryUnavailable(Request<T> request) throws Exception {
    return retry(request, Set.of(RequestOutcome.UNAVAILABLE, RequestOutcome.NOT_LEADER));
  }

  /** As above, and also when the outcome is unknown: for a request that may safely be applied twice. */
  private static <T> T retryIdempotent(Request<T> request) throws Exception {
    return retry(request, Set.of(RequestOutcome.UNAVAILABLE, RequestOutcome.NOT_LEADER, RequestOutcome.UNKNOWN));
  }

  private static <T> T retry(Request<T> request, Set<RequestOutcome> again) throws Exception {
    AtomicReference<Throwable> refused = new AtomicReference<>();
    return Await.value("an answer other than " + again, HANG, () -> {
      try {
        return Optional.of(await(request.send()));
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof StoreRequestException s && again.contains(s.outcome()))) {
          throw e;
        }
        refused.set(e.getCause());
        return Optional.empty();
      }
    }, () -> String.valueOf(refused.get()));
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(HANG.toSeconds(), TimeUnit.SECONDS);
  }

  private static StoreRequestException failure(CompletionStage<?> stage) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> await(stage));
    return assertInstanceOf(StoreRequestException.class, e.getCause());
  }

  private static String value(ReplicatedStore.Value<KvResult> v) {
    return ((KvResult.Value) v.value()).value();
  }
}
