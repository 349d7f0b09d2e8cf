package dev.chorus.testkit.nemesis;

/** The kinds of fault a {@link Nemesis} injects. */
public enum FaultKind {
  /** The nodes split into two random halves. */
  PARTITION_HALVES("partition-halves"),
  /** A random minority is cut from the majority. */
  PARTITION_MAJORITY("partition-majority"),
  /** One random node is cut from all others. */
  ISOLATE("isolate"),
  /** Two sides that cannot reach each other, and one node that reaches both. */
  BRIDGE("bridge"),
  /** SIGKILL, then a restart with the same id and data directory. */
  KILL("kill"),
  /** SIGSTOP, then SIGCONT. */
  PAUSE("pause"),
  /** A node's physical clock jumps, then returns. */
  CLOCK_SKEW("clock-skew"),
  /**
   * A node's monotonic clock, which its hosts count ticks, timeouts and leases on, runs faster or
   * slower, then at its true rate again.
   */
  CLOCK_RATE("clock-rate");

  private final String label;

  FaultKind(String label) {
    this.label = label;
  }

  /** The name in histories and reports. */
  public String label() {
    return label;
  }
}
