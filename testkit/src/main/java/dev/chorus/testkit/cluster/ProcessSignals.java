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
