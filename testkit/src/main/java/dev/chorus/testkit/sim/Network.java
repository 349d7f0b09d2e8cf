package dev.chorus.testkit.sim;

import java.util.Random;

/**
 * The simulated network between nodes: drops, duplicates and delays each message as the current
 * {@link Faults} say, and cuts links during a partition. Whether a partition stops a message is
 * decided when it is due, so a partition also catches messages already in flight.
 */
final class Network {
  private final Scheduler scheduler;
  private final Random random;
  private final Counters counters;
  private Faults faults;
  private int[] side;
  private long partition;

  Network(Scheduler scheduler, Random random, Counters counters, Faults faults) {
    this.scheduler = scheduler;
    this.random = random;
    this.counters = counters;
    this.faults = faults;
  }

  void use(Faults faults) {
    this.faults = faults;
  }

  void send(long now, int from, int to, Object message) {
    counters.sent++;
    if (chance(faults.dropProbability())) {
      counters.dropped++;
      return;
    }
    counters.inFlight++;
    scheduler.at(now + delayNanos(), new Event.Deliver(from, to, message));
    if (chance(faults.duplicateProbability())) {
      counters.duplicated++;
      counters.inFlight++;
      scheduler.at(now + delayNanos(), new Event.Deliver(from, to, message));
    }
  }

  /** A one-way delay drawn from the current faults, also used for client links. */
  long delayNanos() {
    return Uniform.between(random, faults.minDelay().toNanos(), faults.maxDelay().toNanos());
  }

  boolean connected(int from, int to) {
    return side == null || side[from] == side[to];
  }

  boolean partitioned() {
    return side != null;
  }

  /** Cuts every link between the nodes marked 0 and those marked 1; returns the partition's number. */
  long partition(int[] sides) {
    side = sides.clone();
    counters.partitions++;
    return ++partition;
  }

  void heal(long number) {
    if (number == partition) {
      side = null;
    }
  }

  void healAll() {
    side = null;
  }

  private boolean chance(double p) {
    return p > 0 && random.nextDouble() < p;
  }
}
