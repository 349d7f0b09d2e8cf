package dev.chorus.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Bad command-line input gets a message and exit status 2, never a stack trace or a hang. */
class ChorusCommandLineTest {
  private record Outcome(int status, String err, String out) {}

  private static Outcome run(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream oldErr = System.err;
    PrintStream oldOut = System.out;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int status = new CommandLine(new Chorus()).execute(args);
      return new Outcome(status, err.toString(StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(oldErr);
      System.setOut(oldOut);
    }
  }

  @Test
  void portOutOfRangeNamesTheKey() {
    Outcome o = run("node", "--port", "70000", "--http", "8551");
    assertEquals(2, o.status());
    assertTrue(o.err().contains("chorus.node.port: 70000 is out of range"), o.err());
  }

  @Test
  void badSeedNamesTheSeed() {
    Outcome o = run("node", "--port", "2551", "--http", "8551", "--seed", "nohost");
    assertEquals(2, o.status());
    assertTrue(o.err().contains("chorus.node.seed-nodes[0]: 'nohost' is not host:port"), o.err());
  }

  @Test
  void badHttpPortIsRejected() {
    Outcome o = run("node", "--port", "2551", "--http", "0");
    assertEquals(2, o.status());
    assertTrue(o.err().contains("--http 0 is out of range"), o.err());
  }

  @Test
  void missingRequiredOptionIsExplained() {
    Outcome o = run("node", "--http", "8551");
    assertEquals(2, o.status());
    assertTrue(o.err().contains("Missing required option: '--port"), o.err());
  }

  @Test
  void clusterSizeOutOfRangeIsRejected() {
    Outcome o = run("cluster", "--nodes", "0");
    assertEquals(2, o.status());
    assertTrue(o.err().contains("--nodes 0 is out of range"), o.err());
  }

  @Test
  void everySubcommandHasHelpWithExamples() {
    for (String sub : new String[] {"node", "cluster"}) {
      Outcome o = run(sub, "--help");
      assertEquals(0, o.status());
      assertTrue(o.out().contains("Examples:"), o.out());
    }
  }
}
