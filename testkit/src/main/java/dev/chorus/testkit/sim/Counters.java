package dev.chorus.testkit.sim;

/** The mutable counters of one run, frozen into {@link Stats} at its end. */
final class Counters {
  long sent;
  long delivered;
  long dropped;
  long duplicated;
  long cut;
  long toDownNodes;
  long inFlight;
  long partitions;
  long crashes;
  long restarts;
  long writesCompleted;
  long writesLost;
  long opsOk;
  long opsFailed;
  long opsInfo;

  Stats freeze() {
    return new Stats(sent, delivered, dropped, duplicated, cut, toDownNodes, inFlight, partitions, crashes,
        restarts, writesCompleted, writesLost, opsOk, opsFailed, opsInfo);
  }
}
