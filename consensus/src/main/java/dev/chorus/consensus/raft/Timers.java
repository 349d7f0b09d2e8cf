package dev.chorus.consensus.raft;

import dev.chorus.consensus.RaftSettings;
import java.util.Random;

/**
 * A node's tick counters: the election timer, randomized in [electionTicks, 2 * electionTicks) so
 * that split votes resolve (§5.2), and on a leader the heartbeat timer. Counted in ticks only.
 */
final class Timers {
  private final RaftSettings settings;
  private final Random random;
  /** Ticks since the timer was last reset: by a leader's message, a vote, or a new role. */
  int electionElapsed;
  /** On a leader, ticks since its last heartbeat. */
  int heartbeatElapsed;
  private int randomizedTimeout;

  Timers(RaftSettings settings, Random random) {
    this.settings = settings;
    this.random = random;
  }

  /** Restarts the election timer with a fresh random timeout. */
  void resetElection() {
    electionElapsed = 0;
    randomizedTimeout = settings.electionTicks() + random.nextInt(settings.electionTicks());
  }

  /** Counts one tick; whether the election timeout has now run out. */
  boolean electionTimedOut() {
    return ++electionElapsed >= randomizedTimeout;
  }
}
