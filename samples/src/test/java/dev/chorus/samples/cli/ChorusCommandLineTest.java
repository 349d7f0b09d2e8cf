package dev.chorus.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Bad command-line input gets a message and exit status 2, never a stack trace or a hang. */
class ChorusCommandLineTest {
  @Test
  void portOutOfRangeNamesTheKey() {
    CommandRun o = CommandRun.of("node", "--port", "70000", "--http", "8551");
    assertEquals(2, o.status());
    assertTrue(o.err().contains("chorus.node.port: 70000 is out of range"), o.err());
  }

  @Test
  void badSeedNamesTheSeed() {
    CommandRun o = CommandRun.of("node", "--port", "2551", "--http", "8551", "--seed", "nohost");
    assertEquals(2, o.status());
    assertTrue(o.err().contains("chorus.node.seed-nodes[0]: 'nohost' is not host:port"), o.err());
  }

  @Test
  void badHttpPortIsRejected() {
    CommandRun o = CommandRun.of("node", "--port", "2551", "--http", "0");
    assertEquals(2, o.status());
    assertTrue(o.err().contains("--http 0 is out of range"), o.err());
  }

  @Test
  void missingRequiredOptionIsExplained() {
    CommandRun o = CommandRun.of("node", "--http", "8551");
    assertEquals(2, o.status());
    assertTrue(o.err().contains("Missing required option: '--port"), o.err());
  }

  @Test
  void clusterSizeOutOfRangeIsRejected() {
    CommandRun o = CommandRun.of("cluster", "--nodes", "0");
    assertEquals(2, o.status());
    assertTrue(o.err().contains("--nodes 0 is out of range"), o.err());
  }

  @Test
  void everySubcommandHasHelpWithExamples() {
    for (String sub : new String[] {"node", "cluster"}) {
      CommandRun o = CommandRun.of(sub, "--help");
      assertEquals(0, o.status());
      assertTrue(o.out().contains("Examples:"), o.out());
    }
  }

  /** {@code --help} broke lines in mid-sentence ("until Ctrl-C or / SIGTERM"): picocli wraps paragraphs. */
  @Test
  void helpIsWrappedByPicocliNotInMidSentence() {
    for (String sub : new String[] {"node", "cluster", "lab", "check"}) {
      picocli.CommandLine line = new picocli.CommandLine(new Chorus()).getSubcommands().get(sub);
      for (String paragraph : line.getCommandSpec().usageMessage().description()) {
        assertTrue(paragraph.endsWith("."), sub + ": a description line is a whole paragraph: '" + paragraph + "'");
      }
      line.setUsageHelpWidth(200);
      String usage = line.getUsageMessage();
      if (!sub.equals("check")) {
        assertTrue(usage.contains(sub.equals("lab") ? "a nemesis injecting faults" : "until Ctrl-C or SIGTERM"), usage);
      }
    }
  }

  @Test
  void clusterServesBothStoresByDefaultAndNoneOnRequest() {
    java.util.List<dev.chorus.testkit.cluster.JvmNodeSpec> all = java.util.List.of(
        spec(0, 2551, 8551), spec(1, 2552, 8552), spec(2, 2553, 8553));
    java.util.List<String> args = ClusterCommand.args(all.get(0), all,
        ClusterCommand.stores(java.util.List.of("raft-kv", "replicated-kv")).orElseThrow());
    String joined = String.join(" ", args);
    assertTrue(joined.contains("--raft-kv n1,n2,n3") && joined.contains("--replicated-kv n1,n2,n3"), joined);
    assertTrue(!joined.contains("--repl-mode"), "three nodes write semi-sync, the store's default: " + joined);
    assertEquals(java.util.List.of(), ClusterCommand.stores(java.util.List.of("none")).orElseThrow());
    assertTrue(String.join(" ", ClusterCommand.args(all.get(0), all.subList(0, 1), ClusterCommand.stores(
        java.util.List.of("replicated-kv")).orElseThrow())).contains("--repl-mode async"), "one node writes async");
    CommandRun o = CommandRun.of("cluster", "--stores", "raft-kv,redis");
    assertEquals(2, o.status());
    assertTrue(o.err().contains("--stores raft-kv,redis names an unknown store: use raft-kv, replicated-kv, or none"),
        o.err());
  }

  private static dev.chorus.testkit.cluster.JvmNodeSpec spec(int index, int port, int http) {
    String id = "n" + (index + 1);
    return new dev.chorus.testkit.cluster.JvmNodeSpec(index, id, port, http, 0, java.nio.file.Path.of("target", id),
        java.nio.file.Path.of("target", id + ".log"));
  }
}
