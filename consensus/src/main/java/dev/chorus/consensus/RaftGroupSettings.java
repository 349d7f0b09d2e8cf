package dev.chorus.consensus;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import dev.chorus.core.Bytes;
import dev.chorus.core.SettingsReader;
import java.time.Duration;
import java.util.Objects;

/**
 * The validated {@code chorus.consensus} settings of a Raft group (see this module's
 * {@code reference.conf}, which comments every key).
 *
 * @param tickInterval how often the Raft core ticks
 * @param requestTimeout how long a request may wait for its answer
 * @param raft the core's settings, in ticks
 * @param strongReads how a read that needs more than {@code consistent-prefix} is served when it
 *     names no path: {@link ReadPath#READ_INDEX} (the default) or {@link ReadPath#LEASE}
 *     ({@code strong-reads = read-index | lease})
 */
public record RaftGroupSettings(Duration tickInterval, Duration requestTimeout, RaftSettings raft,
    ReadPath strongReads) {
  /** Strong reads by ReadIndex. */
  public RaftGroupSettings(Duration tickInterval, Duration requestTimeout, RaftSettings raft) {
    this(tickInterval, requestTimeout, raft, ReadPath.READ_INDEX);
  }

  /** The configuration section these settings come from. */
  public static final String PREFIX = "chorus.consensus";

  /** Commands are the codec's bytes: AppendEntries are batched by their real size. */
  static final CommandSize COMMAND_BYTES = command -> command instanceof Bytes b ? b.size() : 64;

  /** Validates; commands are always counted by their bytes, whatever {@code raft} says. */
  public RaftGroupSettings {
    Objects.requireNonNull(raft, "raft");
    if (strongReads != ReadPath.READ_INDEX && strongReads != ReadPath.LEASE) {
      throw new IllegalArgumentException("strong reads go by READ_INDEX or LEASE, got " + strongReads);
    }
    if (raft.commandSize() != COMMAND_BYTES) {
      raft = new RaftSettings(raft.electionTicks(), raft.heartbeatTicks(), raft.maxInflight(), raft.maxBatchEntries(),
          raft.maxBatchBytes(), raft.preVote(), raft.checkQuorum(), COMMAND_BYTES, raft.leaseMarginTicks(),
          raft.snapshotEntries(), raft.snapshotChunkBytes(), raft.retainedEntries());
    }
    if (tickInterval.isNegative() || tickInterval.isZero() || requestTimeout.compareTo(tickInterval) < 0) {
      throw new IllegalArgumentException("need 0 < tickInterval <= requestTimeout, got " + tickInterval
          + " and " + requestTimeout);
    }
  }

  /**
   * Reads and validates {@code chorus.consensus}.
   *
   * @throws dev.chorus.core.ChorusConfigException naming the first key whose value is wrong
   */
  public static RaftGroupSettings fromConfig(Config config) {
    return read(new SettingsReader(config, PREFIX));
  }

  /**
   * The settings of the group {@code group}: {@code chorus.consensus}, with any key overridden
   * under {@code chorus.consensus.groups.<group>}.
   *
   * @throws dev.chorus.core.ChorusConfigException naming the first key whose value is wrong
   */
  public static RaftGroupSettings forGroup(Config config, String group) {
    String path = groupPath(group);
    Config base = config.getConfig(PREFIX).withoutPath("groups");
    Config merged = config.hasPath(path) ? config.getConfig(path).withFallback(base) : base;
    return read(new SettingsReader(merged.atPath(path), path));
  }

  /** The configuration path of {@code group}'s section. */
  static String groupPath(String group) {
    return PREFIX + ".groups." + ConfigUtil.quoteString(group);
  }

  private static RaftGroupSettings read(SettingsReader r) {
    Duration tick = r.durationAtLeast("tick-interval", Duration.ofMillis(1));
    int electionTicks = r.intBetween("election-ticks", 2, 10_000);
    RaftSettings raft = new RaftSettings(
        electionTicks,
        r.intBetween("heartbeat-ticks", 1, electionTicks - 1),
        r.intBetween("max-inflight", 1, 1024),
        r.intBetween("max-batch-entries", 1, 100_000),
        r.bytesBetween("max-batch-size", 1024, 64L << 20),
        r.bool("pre-vote"),
        r.bool("check-quorum"),
        COMMAND_BYTES,
        r.intBetween("lease-margin-ticks", 0, electionTicks - 1),
        r.intBetween("snapshot-entries", 1, Integer.MAX_VALUE),
        (int) r.bytesBetween("snapshot-chunk-size", 1024, 64L << 20),
        r.intBetween("snapshot-retained-entries", 0, Integer.MAX_VALUE));
    ReadPath strongReads = switch (r.oneOf("strong-reads", "read-index", "lease")) {
      case "lease" -> ReadPath.LEASE;
      default -> ReadPath.READ_INDEX;
    };
    return new RaftGroupSettings(tick, r.durationAtLeast("request-timeout", Duration.ofMillis(10)), raft,
        strongReads);
  }

  /** The settings of this module's {@code reference.conf}. */
  public static RaftGroupSettings defaults() {
    return fromConfig(ConfigFactory.defaultReference(RaftGroupSettings.class.getClassLoader()));
  }

  /** These settings ticking every {@code interval}. */
  public RaftGroupSettings withTickInterval(Duration interval) {
    return new RaftGroupSettings(interval, requestTimeout, raft, strongReads);
  }

  /** These settings with {@code timeout} for every request. */
  public RaftGroupSettings withRequestTimeout(Duration timeout) {
    return new RaftGroupSettings(tickInterval, timeout, raft, strongReads);
  }

  /** These settings with a snapshot every {@code entries} applied entries. */
  public RaftGroupSettings withSnapshotEntries(long entries) {
    return new RaftGroupSettings(tickInterval, requestTimeout, raft.withSnapshots(entries, raft.snapshotChunkBytes()),
        strongReads);
  }

  /** These settings keeping {@code entries} entries before each new snapshot ({@link RaftSettings#retainedEntries}). */
  public RaftGroupSettings withRetainedEntries(long entries) {
    return new RaftGroupSettings(tickInterval, requestTimeout, raft.withRetainedEntries(entries), strongReads);
  }

  /** These settings with the core's {@code raft} settings. */
  public RaftGroupSettings withRaft(RaftSettings settings) {
    return new RaftGroupSettings(tickInterval, requestTimeout, settings, strongReads);
  }

  /** These settings serving strong reads that name no path by {@code path}. */
  public RaftGroupSettings withStrongReads(ReadPath path) {
    return new RaftGroupSettings(tickInterval, requestTimeout, raft, path);
  }

  /** The request timeout in ticks, at least one. */
  public int requestTimeoutTicks() {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, requestTimeout.toNanos() / tickInterval.toNanos()));
  }
}
