package dev.chorus.testkit.nemesis;

import dev.chorus.core.MemberView;
import dev.chorus.testkit.cluster.JvmCluster;
import dev.chorus.testkit.cluster.JvmNode;
import dev.chorus.testkit.history.HistoryWriter;
import dev.chorus.testkit.history.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Carries out a {@link NemesisSchedule} on a {@link JvmCluster}: injects each fault, checks that it
 * observably happened, heals it, and waits for every node to be Up and reachable again. Every
 * fault and heal is recorded in the history ({@code "process":"nemesis"}). Bounded in time: each
 * fault lasts its hold, each recovery at most the recovery bound.
 */
public final class Nemesis {
  /**
   * What became of one scheduled fault. Times are on the history's clock; -1 when it did not happen.
   *
   * @param step the scheduled fault
   * @param injectedAt when it was injected
   * @param observation what showed it took effect, or why it did not
   * @param observed whether it took effect
   * @param healedAt when it was healed
   * @param recoveredAt when every node was Up and reachable again, or -1 if not within the bound
   */
  public record Outcome(NemesisSchedule.Step step, long injectedAt, String observation, boolean observed,
      long healedAt, long recoveredAt) {
    /** Whether the cluster recovered within the bound after the heal. */
    public boolean recovered() {
      return recoveredAt >= 0;
    }
  }

  private static final long POLL_MILLIS = 200;
  /** How long a fault may take to be seen before it counts as not observed. */
  public static final Duration OBSERVE_BOUND = Duration.ofSeconds(20);

  private final JvmCluster cluster;
  private final HistoryWriter history;
  private final Duration recoveryBound;
  private final Consumer<String> progress;

  /**
   * @param progress receives one line per fault event, for a person watching
   */
  public Nemesis(JvmCluster cluster, HistoryWriter history, Duration recoveryBound, Consumer<String> progress) {
    this.cluster = cluster;
    this.history = history;
    this.recoveryBound = recoveryBound;
    this.progress = progress;
  }

  /** Runs every step in order, starting now; returns one outcome per step. */
  public List<Outcome> run(NemesisSchedule schedule) {
    long start = history.now();
    List<Outcome> outcomes = new ArrayList<>();
    for (NemesisSchedule.Step step : schedule.steps()) {
      sleepUntil(start + step.at().toNanos());
      outcomes.add(runStep(step));
    }
    return outcomes;
  }

  private Outcome runStep(NemesisSchedule.Step step) {
    Fault fault = step.fault();
    String what = fault.describe();
    long injectedAt = history.now();
    history.append(Op.nemesis("start-" + fault.kind().label(), what, injectedAt));
    progress.accept("nemesis: " + what);
    String observation;
    boolean observed;
    try {
      observation = inject(fault);
      long holdEnd = injectedAt + step.hold().toNanos();
      // A fault stays in place until it is seen, within a bound: the failure detector needs
      // several seconds to notice a partition on a busy machine.
      long observeEnd = injectedAt + Math.max(step.hold().toNanos(), OBSERVE_BOUND.toNanos());
      observed = pollUntil(() -> isObserved(fault), observeEnd);
      sleepUntil(holdEnd);
    } catch (RuntimeException e) {
      observation = "injection failed: " + e.getMessage();
      observed = false;
    }
    String heal = heal(fault);
    long healedAt = history.now();
    history.append(Op.nemesis("stop-" + fault.kind().label(), what, healedAt));
    progress.accept("nemesis: healed " + what + (heal.isEmpty() ? "" : " (" + heal + ")"));
    boolean back = pollUntil(this::allUpAndReachable, healedAt + recoveryBound.toNanos());
    long recoveredAt = back ? history.now() : -1;
    history.append(Op.nemesis(back ? "recovered" : "not-recovered", what, back ? recoveredAt : history.now()));
    progress.accept(back ? String.format("nemesis: all nodes Up and reachable %.1f s after the heal",
        (recoveredAt - healedAt) / 1e9) : "nemesis: NOT recovered within " + recoveryBound);
    return new Outcome(step, injectedAt,
        observed ? observation : "not observed within " + OBSERVE_BOUND.toSeconds() + " s; expected: " + observation, observed,
        healedAt, recoveredAt);
  }

  private long killedPid = -1;

  private String inject(Fault fault) {
    switch (fault.kind()) {
      case KILL -> {
        killedPid = cluster.node(fault.node()).pid().orElse(-1);
        cluster.kill(fault.node());
        return "pid " + killedPid + " gone";
      }
      case PAUSE -> {
        cluster.pause(fault.node());
        return "process stopped (state T) and marked unreachable by the others";
      }
      case CLOCK_SKEW -> {
        cluster.skewClock(fault.node(), Duration.ofMillis(fault.skewMillis()));
        return "the node's clock reads " + fault.skewMillis() + " ms off";
      }
      case CLOCK_RATE -> {
        cluster.clockRate(fault.node(), fault.rate());
        return "the node's monotonic clock runs at " + fault.rate() + " times its rate";
      }
      default -> {
        cluster.cut(fault.cuts());
        return "every cut link seen unreachable from its side, every process alive";
      }
    }
  }

  private boolean isObserved(Fault fault) {
    try {
      return switch (fault.kind()) {
        case KILL -> killedPid > 0 && ProcessHandle.of(killedPid).map(p -> !p.isAlive()).orElse(true);
        case PAUSE -> cluster.node(fault.node()).processState() == 'T' && someoneSeesUnreachable(fault.node());
        case CLOCK_SKEW -> Math.abs(Long.parseLong(cluster.clock(fault.node()).split(" ")[0])
            - System.currentTimeMillis() - fault.skewMillis()) < 2_000;
        case CLOCK_RATE -> Double.parseDouble(cluster.clock(fault.node()).split(" ")[2]) == fault.rate();
        default -> cutsSeen(fault);
      };
    } catch (RuntimeException e) {
      return false; // a node in the middle of a restart does not answer; ask again
    }
  }

  private boolean someoneSeesUnreachable(int node) {
    String id = cluster.node(node).id();
    for (int i = 0; i < cluster.nodes().size(); i++) {
      if (i != node && cluster.members(i).stream().anyMatch(m -> m.id().equals(id) && !m.reachable())) {
        return true;
      }
    }
    return false;
  }

  private boolean cutsSeen(Fault fault) {
    for (var e : fault.cuts().entrySet()) {
      List<MemberView> seen = cluster.members(e.getKey());
      for (int j : e.getValue()) {
        String id = cluster.node(j).id();
        if (seen.stream().noneMatch(m -> m.id().equals(id) && !m.reachable())) {
          return false;
        }
      }
    }
    return cluster.nodes().stream().allMatch(JvmNode::isAlive);
  }

  private String heal(Fault fault) {
    try {
      switch (fault.kind()) {
        case KILL -> cluster.restart(fault.node());
        case PAUSE -> cluster.resume(fault.node());
        case CLOCK_SKEW -> cluster.skewClock(fault.node(), Duration.ZERO);
        case CLOCK_RATE -> cluster.clockRate(fault.node(), 1);
        default -> cluster.heal();
      }
      return "";
    } catch (RuntimeException e) {
      return "heal reported: " + e.getMessage();
    }
  }

  /** Whether every node sees every node Up and reachable. */
  public boolean allUpAndReachable() {
    try {
      int n = cluster.nodes().size();
      for (int i = 0; i < n; i++) {
        List<MemberView> ms = cluster.members(i);
        if (ms.size() != n || !ms.stream().allMatch(m -> m.status().equals("Up") && m.reachable())) {
          return false;
        }
      }
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private boolean pollUntil(BooleanSupplier condition, long deadlineNanos) {
    while (true) {
      if (condition.getAsBoolean()) {
        return true;
      }
      if (history.now() >= deadlineNanos) {
        return false;
      }
      sleepMillis(POLL_MILLIS);
    }
  }

  private void sleepUntil(long nanos) {
    long left = nanos - history.now();
    if (left > 0) {
      sleepMillis(TimeUnit.NANOSECONDS.toMillis(left));
    }
  }

  private static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("nemesis interrupted", e);
    }
  }
}
