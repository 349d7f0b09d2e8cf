package dev.chorus.replication.leaderfollower;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import dev.chorus.core.ChorusConfigException;
import dev.chorus.core.SettingsReader;
import java.time.Duration;
import java.util.Locale;

/**
 * A leader-follower store's settings from configuration ({@code chorus.replication} in this
 * module's {@code reference.conf}, every key commented), with durations turned into ticks of
 * {@code tickInterval} for the core.
 *
 * @param tickInterval how often the store's replicas tick
 * @param replication the core's settings, in ticks
 * @param followerApplyDelay how long a follower holds each message from its leader before taking
 *     it: zero in production; a lab setting that makes replication lag visible on loopback
 * @param requestTimeout how long a client waits for any answer before the outcome counts as unknown
 * @param snapshotRecords how many records past its last snapshot a replica keeps before it
 *     snapshots its state machine and compacts its log; 0 never compacts
 */
public record StoreSettings(Duration tickInterval, ReplicationSettings replication, Duration followerApplyDelay,
    Duration requestTimeout, int snapshotRecords) {
  static final String PREFIX = "chorus.replication";

  /** The defaults of every store. */
  public static StoreSettings defaults() {
    return forStore(ConfigFactory.defaultReference(StoreSettings.class.getClassLoader()), "default");
  }

  /**
   * Store {@code store}'s settings: {@code chorus.replication.stores.<store>} over
   * {@code chorus.replication}.
   *
   * @throws ChorusConfigException naming the first key whose value is wrong
   */
  public static StoreSettings forStore(Config config, String store) {
    // The shared section first, so that a bad value there is reported under its own key; then
    // the store's overrides, reported under the store's keys.
    StoreSettings shared = read(new SettingsReader(config, PREFIX));
    String path = ConfigUtil.joinPath("chorus", "replication", "stores", store);
    if (!config.hasPath(path)) {
      return shared;
    }
    Config merged = config.getConfig(path).withFallback(config.getConfig(PREFIX).withoutPath("stores"));
    return read(new SettingsReader(merged.atPath(path), path));
  }

  private static StoreSettings read(SettingsReader r) {
    Duration tick = r.durationAtLeast("tick-interval", Duration.ofMillis(1));
    WriteMode mode = mode(r);
    int leaseTicks = ticks(r, "lease-ttl", tick, 3);
    int marginTicks = ticks(r, "lease-margin", tick, 0);
    if (marginTicks >= leaseTicks / 3 * 2) {
      throw new ChorusConfigException(r.path("lease-margin"), "must be below two thirds of "
          + r.path("lease-ttl") + " (" + marginTicks + " ticks against " + leaseTicks + ")");
    }
    ReplicationSettings replication = new ReplicationSettings(mode,
        ticks(r, "in-sync-timeout", tick, 1), ticks(r, "ack-timeout", tick, 1), r.intBetween("max-batch", 1, 100_000),
        ticks(r, "election-timeout", tick, 1), leaseTicks, marginTicks);
    Duration delay = r.durationAtLeast("follower-apply-delay", Duration.ZERO);
    Duration timeout = r.durationAtLeast("request-timeout", Duration.ofMillis(1));
    int snapshotRecords = r.intBetween("snapshot-records", 0, Integer.MAX_VALUE);
    return new StoreSettings(tick, replication, delay, timeout, snapshotRecords);
  }

  private static WriteMode mode(SettingsReader r) {
    String name = r.nonBlankString("mode").toLowerCase(Locale.ROOT);
    WriteMode mode = switch (name) {
      case "async" -> WriteMode.async();
      case "semi-sync" -> WriteMode.semiSync(r.intBetween("semi-sync-followers", 1, 1_000));
      case "sync" -> WriteMode.sync();
      default -> throw new ChorusConfigException(r.path("mode"), "'" + name + "' is not one of async, semi-sync, sync");
    };
    if (!r.bool("downgrade")) {
      return mode;
    }
    if (mode.kind() == WriteMode.Kind.ASYNC) {
      throw new ChorusConfigException(r.path("downgrade"), "async has nothing to downgrade from; set it off");
    }
    return mode.downgrading();
  }

  /** {@code d} as whole ticks of {@link #tickInterval()}, rounded up. */
  public long ticks(Duration d) {
    return (d.toNanos() + tickInterval.toNanos() - 1) / tickInterval.toNanos();
  }

  /** A duration as whole ticks, rounded up, at least {@code min}. */
  private static int ticks(SettingsReader r, String key, Duration tick, int min) {
    Duration d = r.durationAtLeast(key, Duration.ZERO);
    long ticks = (d.toNanos() + tick.toNanos() - 1) / tick.toNanos();
    if (ticks < min || ticks > Integer.MAX_VALUE) {
      throw new ChorusConfigException(r.path(key), "must be between " + min + " and " + Integer.MAX_VALUE
          + " ticks of " + tick.toMillis() + " ms, got " + d);
    }
    return (int) ticks;
  }
}
