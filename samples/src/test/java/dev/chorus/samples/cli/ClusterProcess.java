package dev.chorus.samples.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code ./chorus cluster} run as a process from the packaged distribution (CHORUS_NO_BUILD=1),
 * with its output collected line by line. {@link #destroyEverything()} kills it and every process
 * it ever had as a descendant, so a failing test leaves nothing behind.
 */
final class ClusterProcess {
  /** One row of the table that {@code chorus cluster} prints. */
  record Row(String id, long pid, String address, int httpPort, String status) {}

  private static final Pattern ROW =
      Pattern.compile("^(n\\d+)\\s+(\\d+)\\s+(pekko://\\S+)\\s+http://127\\.0\\.0\\.1:(\\d+)\\s+(.+)$");

  final Process process;
  private final List<String> lines = new ArrayList<>();
  private final Set<Long> everSeen = new java.util.concurrent.ConcurrentSkipListSet<>();

  private ClusterProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(this::readOutput, "chorus-cluster-output");
    reader.setDaemon(true);
    reader.start();
  }

  static ClusterProcess start(int nodes, Path workDir) throws IOException {
    Path root = Path.of(System.getProperty("chorus.repo.root", "..")).toAbsolutePath().normalize();
    ProcessBuilder pb = new ProcessBuilder(root.resolve("chorus").toString(), "cluster",
        "--nodes", Integer.toString(nodes), "--work-dir", workDir.toString())
        .redirectErrorStream(true);
    pb.environment().put("CHORUS_NO_BUILD", "1");
    return new ClusterProcess(pb.start());
  }

  private void readOutput() {
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // The process ended; what it printed so far is kept.
    }
  }

  /** Waits until {@code count} lines match, failing with the whole output after {@code guard}. */
  void awaitLines(Predicate<String> match, int count, Duration guard) throws InterruptedException {
    long deadline = System.nanoTime() + guard.toNanos();
    synchronized (lines) {
      while (lines.stream().filter(match).count() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("expected output did not appear within " + guard + ":\n" + output());
        }
        TimeUnit.NANOSECONDS.timedWait(lines, left);
      }
    }
    rememberDescendants();
  }

  /** The rows of the last table printed. */
  List<Row> lastTable() {
    List<Row> rows = new ArrayList<>();
    synchronized (lines) {
      for (String line : lines) {
        if (line.startsWith("NODE ")) {
          rows.clear();
        }
        Matcher m = ROW.matcher(line);
        if (m.matches()) {
          rows.add(new Row(m.group(1), Long.parseLong(m.group(2)), m.group(3),
              Integer.parseInt(m.group(4)), m.group(5).trim()));
        }
      }
    }
    return rows;
  }

  String output() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  /** Every process below the parent, right now. */
  Set<Long> descendants() {
    return process.descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
  }

  /** Records the current descendants so that cleanup can find them after the parent is gone. */
  void rememberDescendants() {
    everSeen.addAll(descendants());
  }

  /** Kills the parent and everything it ever started; safe to call more than once. */
  void destroyEverything() {
    rememberDescendants();
    process.destroyForcibly();
    for (long pid : everSeen) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }
}
