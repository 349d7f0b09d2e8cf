package dev.chorus.replication.leaderfollower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.chorus.core.ChorusConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Store settings from configuration: defaults, per-store overrides, and errors that name the key. */
class StoreSettingsTest {
  private static Config with(String hocon) {
    return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference());
  }

  @Test
  void theDefaultsAreStrictSemiSyncWithOneFollowerInTicksOfTenMillis() {
    StoreSettings s = StoreSettings.defaults();
    assertEquals(Duration.ofMillis(10), s.tickInterval());
    assertEquals(WriteMode.semiSync(1), s.replication().mode());
    assertEquals(50, s.replication().electionTicks());
    assertEquals(100, s.replication().leaseTicks());
    assertEquals(25, s.replication().leaseMarginTicks());
    assertEquals(Duration.ZERO, s.followerApplyDelay());
    assertEquals(Duration.ofSeconds(5), s.requestTimeout());
    assertEquals(10_000, s.snapshotRecords());
  }

  @Test
  void aStoreOverridesAnyKeyForItselfAlone() {
    Config c = with("chorus.replication.stores.orders { mode = sync, downgrade = on }");
    assertEquals(WriteMode.sync().downgrading(), StoreSettings.forStore(c, "orders").replication().mode());
    assertEquals(WriteMode.semiSync(1), StoreSettings.forStore(c, "other").replication().mode());
  }

  @Test
  void aBadValueNamesItsKey() {
    ChorusConfigException mode = assertThrows(ChorusConfigException.class,
        () -> StoreSettings.forStore(with("chorus.replication.mode = quorum"), "s"));
    assertTrue(mode.getMessage().contains("chorus.replication.mode:"), mode.getMessage());
    assertTrue(mode.getMessage().contains("'quorum' is not one of async, semi-sync, sync"), mode.getMessage());
    ChorusConfigException margin = assertThrows(ChorusConfigException.class,
        () -> StoreSettings.forStore(with("chorus.replication.lease-margin = 700ms"), "s"));
    assertTrue(margin.getMessage().contains("lease-margin"), margin.getMessage());
    ChorusConfigException async = assertThrows(ChorusConfigException.class,
        () -> StoreSettings.forStore(with("chorus.replication { mode = async, downgrade = on }"), "s"));
    assertTrue(async.getMessage().contains("downgrade"), async.getMessage());
    ChorusConfigException store = assertThrows(ChorusConfigException.class,
        () -> StoreSettings.forStore(with("chorus.replication.stores.orders.max-batch = 0"), "orders"));
    assertTrue(store.getMessage().contains("chorus.replication.stores.orders.max-batch"), store.getMessage());
  }
}
