package dev.chorus.testkit.cluster;

import dev.chorus.core.MemberView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a failed wait on a {@link JvmCluster} should say besides what it waited for: for each node,
 * whether its process runs (or is paused, or was restarted after exiting on its own), the
 * membership it sees with each member's reachability, and the last lines of its log about
 * membership, downing and roles. A rare failure on a CI machine leaves nothing else behind: the
 * nodes' logs live in a temporary directory that goes with the test.
 */
public final class JvmClusterReport {
  /** Log lines worth keeping: warnings, errors, and the cluster's and Chorus's role changes. */
  private static final Pattern NOTABLE = Pattern.compile(
      " (WARN|ERROR) |UNREACHABLE|REACHABLE|SBR|[Dd]own|Quarantin|[Ll]eader is|replica .*: |raft .* (LEADER|FOLLOWER|CANDIDATE) in term");

  private JvmClusterReport() {}

  /** The report on every node, with at most {@code logLines} notable log lines each. */
  public static String of(JvmCluster cluster, int logLines) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < cluster.size(); i++) {
      JvmNode node = cluster.node(i);
      out.append("\n--- ").append(node.id()).append(": ").append(process(node)).append("; sees ")
          .append(members(cluster, i, node)).append('\n');
      notable(node.spec().logFile(), logLines).forEach(line -> out.append("    ").append(line).append('\n'));
    }
    return out.toString();
  }

  private static String process(JvmNode node) {
    String state = !node.isAlive() ? "down" : node.isPaused() ? "paused" : "running";
    return state + (node.restarts() > 0 ? ", restarted " + node.restarts() + "x after exiting on its own" : "");
  }

  private static String members(JvmCluster cluster, int i, JvmNode node) {
    if (!node.isAlive() || node.isPaused()) {
      return "-";
    }
    try {
      List<MemberView> members = cluster.members(i);
      return members.stream().map(m -> m.id() + ":" + m.status() + (m.reachable() ? "" : "/UNREACHABLE"))
          .collect(Collectors.joining(", ", "[", "]"));
    } catch (RuntimeException e) {
      return "(no answer: " + e.getMessage() + ")";
    }
  }

  /** The last {@code max} notable lines of {@code log}; none if it cannot be read. */
  static List<String> notable(Path log, int max) {
    Deque<String> last = new ArrayDeque<>();
    if (!Files.isReadable(log)) {
      return List.of();
    }
    try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
      lines.filter(l -> NOTABLE.matcher(l).find()).forEach(l -> {
        last.addLast(l.length() > 300 ? l.substring(0, 300) + " ..." : l);
        if (last.size() > max) {
          last.removeFirst();
        }
      });
    } catch (IOException | UncheckedIOException e) {
      return List.of("(log unreadable: " + e.getMessage() + ")");
    }
    return List.copyOf(last);
  }
}
