package dev.chorus.consensus;

import com.typesafe.config.ConfigFactory;
import dev.chorus.core.ChorusConfig;
import dev.chorus.core.clock.NodeClocks;
import dev.chorus.testkit.junit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;

/**
 * Actor systems for Raft group tests (local provider, Chorus defaults, the file journal in
 * {@code dataDir}), and the waits those tests share. Waits are bounded only to guard against a
 * hang; no test asserts a duration.
 */
public final class LocalSystems {
  /** The longest any wait may take before the test fails as hung. */
  public static final Duration HANG = Duration.ofSeconds(30);

  /**
   * The tick for groups of several members whose tests talk to one leader in turn. At 50 ms an
   * election needs a stall of half a second or more, which a busy test machine does not give
   * often; at 20 ms a stall of 200 ms moved leadership in the middle of a test on CI.
   */
  public static final Duration TICK = Duration.ofMillis(50);

  private LocalSystems() {}

  /** The stage's value, or a failure after {@link #HANG}. */
  public static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(HANG.toSeconds(), TimeUnit.SECONDS);
  }

  /**
   * The id of the member that leads, once one does, within {@link #HANG}; no event announces a
   * leader, so the members' metrics are asked again until one does.
   */
  public static String awaitLeader(Map<String, ? extends RaftGroup<?, ?, ?>> members) throws Exception {
    return Await.value("a leader among " + members.keySet(), HANG, () -> {
      for (Map.Entry<String, ? extends RaftGroup<?, ?, ?>> e : members.entrySet()) {
        if (await(e.getValue().metrics()).role() == Role.LEADER) {
          return Optional.of(e.getKey());
        }
      }
      return Optional.empty();
    });
  }

  /**
   * Lets {@code elapsed} pass at once on the node of {@code kit}, instead of waiting for it: the
   * node's monotonic clock jumps, so the times its leaders stamp on entries move by that much.
   * Every member of a group in the kit reads that one clock and catches its ticks up in one go,
   * with no heartbeat between them, so {@code elapsed} must stay well short of an election
   * timeout, or the group may elect again.
   */
  public static void timePasses(ActorTestKit kit, Duration elapsed) {
    NodeClocks.monotonic(kit.system()).advance(elapsed);
  }

  /** A test kit whose system keeps its journal and snapshots under {@code dataDir}. */
  public static ActorTestKit kit(String name, Path dataDir) {
    return ActorTestKit.create(name, ChorusConfig.withDefaults(ConfigFactory.parseString("""
        pekko.actor.provider = local
        pekko.loglevel = WARNING
        chorus.node.data-dir = "%s"
        """.formatted(dataDir))));
  }
}
