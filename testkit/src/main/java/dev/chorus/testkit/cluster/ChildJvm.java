package dev.chorus.testkit.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * One running incarnation of a node: the JVM process and the watchdog that kills it if this
 * (parent) JVM disappears.
 *
 * <p>A child that is stopped with SIGSTOP cannot notice anything, so the guard lives outside it: a
 * tiny shell loop that polls the parent's pid and sends SIGKILL, which even a stopped process
 * obeys, once the parent is gone. The watchdog ends by itself when the child does.
 */
final class ChildJvm {
  private static final String WATCHDOG =
      "while kill -0 $0 2>/dev/null && kill -0 $1 2>/dev/null; do sleep 0.5; done; kill -9 $1 2>/dev/null";

  final Process process;
  private final Process watchdog;

  private ChildJvm(Process process, Process watchdog) {
    this.process = process;
    this.watchdog = watchdog;
  }

  static ChildJvm launch(List<String> command, JvmNodeSpec spec) {
    try {
      Files.createDirectories(spec.logFile().getParent());
      ProcessBuilder pb = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()))
          .redirectInput(ProcessBuilder.Redirect.PIPE);
      Process process = pb.start();
      Process watchdog = startWatchdog(process.pid());
      return new ChildJvm(process, watchdog);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node " + spec.id() + ": " + command, e);
    }
  }

  private static Process startWatchdog(long childPid) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("sh", "-c", WATCHDOG,
        Long.toString(ProcessHandle.current().pid()), Long.toString(childPid)));
    return new ProcessBuilder(cmd)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the watchdog once the child is gone; the watchdog would end by itself within 0.5 s. */
  void reapWatchdog() {
    watchdog.destroyForcibly();
  }
}
