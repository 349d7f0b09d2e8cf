package dev.chorus.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.chorus.core.ChorusConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RaftGroupSettingsTest {
  private static RaftGroupSettings read(String overrides) {
    return RaftGroupSettings.fromConfig(ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.defaultReference()).resolve());
  }

  @Test
  void readsTheReferenceConfiguration() {
    RaftGroupSettings s = RaftGroupSettings.defaults();
    assertEquals(Duration.ofMillis(100), s.tickInterval());
    assertEquals(Duration.ofSeconds(5), s.requestTimeout());
    assertEquals(10, s.raft().electionTicks());
    assertEquals(1, s.raft().heartbeatTicks());
    assertEquals(10_000, s.raft().snapshotEntries());
    assertEquals(128 * 1024, s.raft().snapshotChunkBytes());
    assertEquals(64 * 1024, s.raft().maxBatchBytes());
    assertEquals(50, s.requestTimeoutTicks());
    assertEquals(ReadPath.READ_INDEX, s.strongReads());
  }

  @Test
  void strongReadsGoByReadIndexOrTheLease() {
    assertEquals(ReadPath.LEASE, read("chorus.consensus.strong-reads = Lease").strongReads());
    assertKey("chorus.consensus.strong-reads", "chorus.consensus.strong-reads = local");
    assertThrows(IllegalArgumentException.class,
        () -> RaftGroupSettings.defaults().withStrongReads(ReadPath.LOCAL));
  }

  @Test
  void aBadValueNamesItsKey() {
    assertKey("chorus.consensus.heartbeat-ticks", "chorus.consensus.heartbeat-ticks = 10");
    assertKey("chorus.consensus.lease-margin-ticks", "chorus.consensus.lease-margin-ticks = 10");
    assertKey("chorus.consensus.tick-interval", "chorus.consensus.tick-interval = soon");
    assertKey("chorus.consensus.max-batch-size", "chorus.consensus.max-batch-size = 1");
    assertKey("chorus.consensus.snapshot-entries", "chorus.consensus.snapshot-entries = 0");
  }

  @Test
  void aConfiguredGroupOverridesKeysForItselfAlone() {
    com.typesafe.config.Config config = ConfigFactory.parseString("""
        chorus.consensus.snapshot-entries = 500
        chorus.consensus.groups.accounts { members = [n1, n2, n3], election-ticks = 20 }
        chorus.consensus.groups."a.b" { heartbeat-ticks = 0 }
        """).withFallback(ConfigFactory.defaultReference()).resolve();
    RaftGroupSettings accounts = RaftGroupSettings.forGroup(config, "accounts");
    assertEquals(20, accounts.raft().electionTicks());
    assertEquals(500, accounts.raft().snapshotEntries(), "the module's value where the group sets none");
    assertEquals(10, RaftGroupSettings.forGroup(config, "other").raft().electionTicks());
    ChorusConfigException e = assertThrows(ChorusConfigException.class, () -> RaftGroupSettings.forGroup(config, "a.b"));
    assertEquals("chorus.consensus.groups.\"a.b\".heartbeat-ticks", e.key());
  }

  private static void assertKey(String key, String overrides) {
    ChorusConfigException e = assertThrows(ChorusConfigException.class, () -> read(overrides));
    assertEquals(key, e.key());
    assertTrue(e.getMessage().contains(key), e.getMessage());
  }
}
