package dev.chorus.samples.lab;

import dev.chorus.samples.http.MembersProbe;
import dev.chorus.testkit.cluster.JvmCluster;
import dev.chorus.testkit.history.HistoryWriter;
import dev.chorus.testkit.nemesis.Nemesis;
import dev.chorus.testkit.nemesis.NemesisSchedule;
import dev.chorus.testkit.workload.Workload;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** The shape every lab scenario shares: form the cluster, then a workload while the nemesis runs. */
final class FaultedRun {
  private static final Duration FORM_BOUND = Duration.ofSeconds(120);

  private FaultedRun() {}

  /** What the nemesis did and what the clients got. */
  record Result(List<Nemesis.Outcome> outcomes, Workload.Counts counts) {}

  /** Runs the clients until {@code stop} holds (or their own time runs out). */
  @FunctionalInterface
  interface Clients {
    Workload.Counts run(BooleanSupplier stop) throws InterruptedException;
  }

  /** Waits, within a bound, until every node sees all {@code nodes} Up. */
  static void form(JvmCluster cluster, int nodes, Consumer<String> progress) {
    MembersProbe probe = new MembersProbe();
    // A node that exits on its own was downed (or crashed); say so, since the run goes on with
    // its new incarnation and a later wait may fail because of it.
    cluster.onRestart((node, status) -> progress.accept(node.id() + " exited on its own (status " + status
        + ") and was started again"));
    progress.accept("forming the cluster of " + nodes + " nodes ...");
    long t0 = System.nanoTime();
    cluster.awaitReady(n -> probe.seesAllUp(n.spec().httpPort(), nodes), FORM_BOUND);
    progress.accept(String.format("formed: all %d Up in %.1f s", nodes, (System.nanoTime() - t0) / 1e9));
  }

  /**
   * Carries out {@code schedule} in the background while {@code clients} run; the clients stop
   * {@code tail} after the nemesis has healed its last fault and seen the recovery.
   */
  static Result run(JvmCluster cluster, HistoryWriter writer, NemesisSchedule schedule, Duration recoveryBound,
      Duration tail, Consumer<String> progress, Clients clients) throws InterruptedException {
    Nemesis nemesis = new Nemesis(cluster, writer, recoveryBound, progress);
    AtomicBoolean nemesisDone = new AtomicBoolean();
    long[] doneAt = {Long.MAX_VALUE};
    CompletableFuture<List<Nemesis.Outcome>> faults = CompletableFuture.supplyAsync(() -> {
      try {
        return nemesis.run(schedule);
      } finally {
        doneAt[0] = writer.now();
        nemesisDone.set(true);
      }
    });
    Workload.Counts counts = clients.run(() -> nemesisDone.get() && writer.now() > doneAt[0] + tail.toNanos());
    return new Result(faults.join(), counts);
  }
}
