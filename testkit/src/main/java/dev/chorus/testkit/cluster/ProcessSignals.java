package dev.chorus.testkit.cluster;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** POSIX signals to other processes, through {@code kill}; Linux only, like the testkit. */
final class ProcessSignals {
  private ProcessSignals() {}

  /** Sends {@code signal} (such as {@code STOP}, {@code CONT}, {@code TERM}) to {@code pid}. */
  static void send(long pid, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
          .redirectErrorStream(true)
          .start();
      if (!kill.waitFor(5, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
        throw new IllegalStateException("kill -" + signal + " " + pid + " did not return");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run kill -" + signal + " " + pid, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted sending " + signal + " to " + pid, e);
    }
  }

  /** How long a SIGSTOP or SIGCONT may take to show in the process's state before it counts as lost. */
  private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(10);

  /**
   * Sends {@code signal}, {@code STOP} or {@code CONT}, and returns once the process's state shows
   * it: stopped ({@code T}) or no longer stopped. {@code kill} returns when the signal is queued,
   * and the kernel stops the process when it next runs it: on a busy machine a test read 'R' right
   * after SIGSTOP (FaultsIT).
   *
   * @throws IllegalStateException if the state does not follow within 10 s, or the process is gone
   */
  static void sendAndSettle(long pid, String signal) {
    boolean stop = signal.equals("STOP");
    send(pid, signal);
    long deadline = System.nanoTime() + SETTLE_NANOS;
    char now = state(pid);
    while ((now == 'T') != stop && now != '?' && System.nanoTime() < deadline) {
      try {
        TimeUnit.MILLISECONDS.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + pid + " to take SIG" + signal, e);
      }
      now = state(pid);
    }
    if ((now == 'T') != stop) {
      throw new IllegalStateException("pid " + pid + " is in state '" + now + "' 10 s after SIG" + signal);
    }
  }

  /** The process state letter from /proc ({@code R}, {@code S}, {@code T} for stopped, ...), or '?' if gone. */
  static char state(long pid) {
    try {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
      int close = stat.lastIndexOf(')');
      return stat.charAt(close + 2);
    } catch (IOException | RuntimeException e) {
      return '?';
    }
  }
}
