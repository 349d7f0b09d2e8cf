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
}
