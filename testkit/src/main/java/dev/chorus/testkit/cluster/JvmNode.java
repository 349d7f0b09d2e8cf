package dev.chorus.testkit.cluster;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * One node of a {@link JvmCluster}: its fixed {@link JvmNodeSpec} and its current incarnation.
 * Thread-safe.
 */
public final class JvmNode {
  private final JvmNodeSpec spec;
  private final List<String> command;
  private final BiConsumer<JvmNode, Integer> onUnexpectedExit;
  private ChildJvm current;
  private boolean wantedDown;
  private boolean paused;
  private int restarts;

  JvmNode(JvmNodeSpec spec, List<String> command, BiConsumer<JvmNode, Integer> onUnexpectedExit) {
    this.spec = spec;
    this.command = List.copyOf(command);
    this.onUnexpectedExit = onUnexpectedExit;
  }

  /** The node's id, ports and directories. */
  public JvmNodeSpec spec() {
    return spec;
  }

  /** The node's stable id. */
  public String id() {
    return spec.id();
  }

  /** The command line that starts this node. */
  public List<String> command() {
    return command;
  }

  /** The pid of the current incarnation, if one is running. */
  public synchronized OptionalLong pid() {
    return current != null && current.isAlive() ? OptionalLong.of(current.pid()) : OptionalLong.empty();
  }

  /** Whether an incarnation is running. */
  public synchronized boolean isAlive() {
    return current != null && current.isAlive();
  }

  /** How many times the node was started again after exiting on its own. */
  public synchronized int restarts() {
    return restarts;
  }

  /** The OS state of the current process ({@code T} when stopped by SIGSTOP), or '?' if none. */
  public synchronized char processState() {
    return current == null ? '?' : ProcessSignals.state(current.pid());
  }

  synchronized void start() {
    if (current != null && current.isAlive()) {
      throw new IllegalStateException("node " + id() + " is already running as pid " + current.pid());
    }
    wantedDown = false;
    paused = false;
    ChildJvm child = ChildJvm.launch(command, spec);
    current = child;
    child.process.onExit().thenAccept(p -> exited(child, p.exitValue()));
  }

  private void exited(ChildJvm child, int status) {
    child.reapWatchdog();
    boolean unexpected;
    synchronized (this) {
      unexpected = child == current && !wantedDown;
    }
    if (unexpected) {
      onUnexpectedExit.accept(this, status);
    }
  }

  /** Restarts after an exit nobody asked for; false if someone stopped or restarted it meanwhile. */
  synchronized boolean restartAfterUnexpectedExit() {
    if (wantedDown || (current != null && current.isAlive())) {
      return false;
    }
    restarts++;
    start();
    return true;
  }

  synchronized void restart() {
    start();
  }

  void kill() {
    ChildJvm child = markDown();
    if (child != null) {
      child.process.destroyForcibly();
      awaitExit(child, TimeUnit.SECONDS.toNanos(10));
    }
  }

  void stop(Duration grace) {
    beginStop();
    awaitExitOrKill(grace.toNanos());
  }

  synchronized void pause() {
    ProcessSignals.sendAndSettle(requireRunning().pid(), "STOP");
    paused = true;
  }

  synchronized void resume() {
    ProcessSignals.sendAndSettle(requireRunning().pid(), "CONT");
    paused = false;
  }

  /** Whether the node was paused (SIGSTOP) and not resumed since. */
  public synchronized boolean isPaused() {
    return paused && isAlive();
  }

  /** Marks the node as wanted down and sends SIGCONT then SIGTERM, so a paused node can stop too. */
  void beginStop() {
    ChildJvm child = markDown();
    if (child != null && child.isAlive()) {
      ProcessSignals.send(child.pid(), "CONT");
      child.process.destroy();
    }
  }

  void awaitExitOrKill(long graceNanos) {
    ChildJvm child;
    synchronized (this) {
      child = current;
    }
    if (child == null) {
      return;
    }
    if (!awaitExit(child, graceNanos)) {
      child.process.destroyForcibly();
      awaitExit(child, TimeUnit.SECONDS.toNanos(10));
    }
    child.reapWatchdog();
  }

  private synchronized ChildJvm markDown() {
    wantedDown = true;
    return current;
  }

  private synchronized ChildJvm requireRunning() {
    if (current == null || !current.isAlive()) {
      throw new IllegalStateException("node " + id() + " is not running");
    }
    return current;
  }

  private static boolean awaitExit(ChildJvm child, long nanos) {
    try {
      return child.process.waitFor(nanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public String toString() {
    return "JvmNode[" + id() + ", port " + spec.clusterPort() + ", pid " + pid() + "]";
  }
}
