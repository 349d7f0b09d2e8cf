package dev.chorus.testkit.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * The faults of a simulated run's safety phase: a plain options record, as TigerBeetle's VOPR
 * packet simulator options and FoundationDB's simulation knobs are. Durations are simulated time.
 *
 * <p>Every message between nodes is dropped with {@code dropProbability}; otherwise it is
 * delivered after a delay drawn uniformly from [{@code minDelay}, {@code maxDelay}], and with
 * {@code duplicateProbability} a second copy is delivered after its own delay. Different delays
 * reorder messages. Client requests and replies get the same delays but are never dropped or
 * duplicated (Jepsen's clients talk to their node over a link the nemesis leaves alone).
 *
 * <p>Once per tick interval the nemesis: with {@code partitionProbability}, if no partition is on,
 * splits the nodes into two random non-empty sides for a duration in [{@code minPartition},
 * {@code maxPartition}] (a message crossing the cut when it is due is dropped); and with
 * {@code crashProbability} crashes one running node, chosen at random, which restarts after a
 * delay in [{@code minRestartDelay}, {@code maxRestartDelay}] from its durable records only.
 *
 * <p>Each storage write takes a latency in [{@code minFsync}, {@code maxFsync}]; a node's writes
 * complete in the order they were issued.
 *
 * <p>In the liveness phase the simulator uses {@link #healed()}: same delays and fsync latency,
 * nothing else.
 *
 * @param dropProbability chance that a message between nodes is lost
 * @param duplicateProbability chance that a delivered message is delivered twice
 * @param minDelay shortest one-way delay
 * @param maxDelay longest one-way delay
 * @param partitionProbability chance per tick interval that a partition starts, when none is on
 * @param minPartition shortest partition
 * @param maxPartition longest partition
 * @param crashProbability chance per tick interval that one running node crashes
 * @param minRestartDelay shortest time a crashed node stays down
 * @param maxRestartDelay longest time a crashed node stays down
 * @param minFsync shortest storage write latency
 * @param maxFsync longest storage write latency
 */
public record Faults(
    double dropProbability,
    double duplicateProbability,
    Duration minDelay,
    Duration maxDelay,
    double partitionProbability,
    Duration minPartition,
    Duration maxPartition,
    double crashProbability,
    Duration minRestartDelay,
    Duration maxRestartDelay,
    Duration minFsync,
    Duration maxFsync) {
  private static final Duration MS = Duration.ofMillis(1);

  /**
   * Validates.
   *
   * @throws IllegalArgumentException naming the field: a probability outside [0, 1], a negative
   *     duration, or a minimum above its maximum
   */
  public Faults {
    probability("dropProbability", dropProbability);
    probability("duplicateProbability", duplicateProbability);
    probability("partitionProbability", partitionProbability);
    probability("crashProbability", crashProbability);
    range("delay", minDelay, maxDelay);
    range("partition", minPartition, maxPartition);
    range("restartDelay", minRestartDelay, maxRestartDelay);
    range("fsync", minFsync, maxFsync);
  }

  /** A perfect network and disk: 1 ms delays, 1 ms fsync, nothing lost, no reordering. */
  public static Faults none() {
    return new Faults(0, 0, MS, MS, 0, MS, MS, 0, MS, MS, MS, MS);
  }

  /** Lossy, duplicating, reordering network: 5% drops, 2% duplicates, 1 to 20 ms delays. */
  public static Faults network() {
    return none().withDrops(0.05).withDuplicates(0.02).withDelay(MS, Duration.ofMillis(20));
  }

  /** {@link #network()} plus partitions lasting 50 to 500 ms, starting about twice a second. */
  public static Faults partitions() {
    return network().withPartitions(0.02, Duration.ofMillis(50), Duration.ofMillis(500));
  }

  /**
   * Crashes about twice a second (per 10 ms tick), down 10 to 300 ms, with 1 to 20 ms fsync and
   * 1 to 10 ms delays: a wide window between a write and its durability.
   */
  public static Faults crashes() {
    return none().withDelay(MS, Duration.ofMillis(10))
        .withCrashes(0.02, Duration.ofMillis(10), Duration.ofMillis(300))
        .withFsync(MS, Duration.ofMillis(20));
  }

  /** Everything at once: {@link #partitions()} with the crashes and fsync of {@link #crashes()}. */
  public static Faults everything() {
    Faults c = crashes();
    return partitions().withCrashes(c.crashProbability, c.minRestartDelay, c.maxRestartDelay)
        .withFsync(c.minFsync, c.maxFsync);
  }

  /** These faults without drops, duplicates, partitions or crashes: the liveness phase. */
  public Faults healed() {
    return withDrops(0).withDuplicates(0).withPartitions(0, minPartition, maxPartition)
        .withCrashes(0, minRestartDelay, maxRestartDelay);
  }

  /** These faults with crashes off. */
  public Faults withoutCrashes() {
    return withCrashes(0, minRestartDelay, maxRestartDelay);
  }

  /** With another drop probability. */
  public Faults withDrops(double p) {
    return new Faults(p, duplicateProbability, minDelay, maxDelay, partitionProbability,
        minPartition, maxPartition, crashProbability, minRestartDelay, maxRestartDelay, minFsync, maxFsync);
  }

  /** With another duplicate probability. */
  public Faults withDuplicates(double p) {
    return new Faults(dropProbability, p, minDelay, maxDelay, partitionProbability,
        minPartition, maxPartition, crashProbability, minRestartDelay, maxRestartDelay, minFsync, maxFsync);
  }

  /** With other one-way delays. */
  public Faults withDelay(Duration min, Duration max) {
    return new Faults(dropProbability, duplicateProbability, min, max, partitionProbability,
        minPartition, maxPartition, crashProbability, minRestartDelay, maxRestartDelay, minFsync, maxFsync);
  }

  /** With other partitions. */
  public Faults withPartitions(double p, Duration min, Duration max) {
    return new Faults(dropProbability, duplicateProbability, minDelay, maxDelay, p,
        min, max, crashProbability, minRestartDelay, maxRestartDelay, minFsync, maxFsync);
  }

  /** With other crashes. */
  public Faults withCrashes(double p, Duration minRestart, Duration maxRestart) {
    return new Faults(dropProbability, duplicateProbability, minDelay, maxDelay, partitionProbability,
        minPartition, maxPartition, p, minRestart, maxRestart, minFsync, maxFsync);
  }

  /** With another fsync latency. */
  public Faults withFsync(Duration min, Duration max) {
    return new Faults(dropProbability, duplicateProbability, minDelay, maxDelay, partitionProbability,
        minPartition, maxPartition, crashProbability, minRestartDelay, maxRestartDelay, min, max);
  }

  private static void probability(String name, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], got " + p);
    }
  }

  private static void range(String name, Duration min, Duration max) {
    Objects.requireNonNull(min, "min" + capitalized(name));
    Objects.requireNonNull(max, "max" + capitalized(name));
    if (min.isNegative()) {
      throw new IllegalArgumentException("min" + capitalized(name) + " must not be negative, got " + min);
    }
    if (min.compareTo(max) > 0) {
      throw new IllegalArgumentException("min" + capitalized(name) + " " + min + " exceeds max"
          + capitalized(name) + " " + max);
    }
  }

  private static String capitalized(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
