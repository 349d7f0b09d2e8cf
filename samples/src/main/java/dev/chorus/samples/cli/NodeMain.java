package dev.chorus.samples.cli;

import picocli.CommandLine;

/**
 * The production node app: {@code chorus node} alone, in a JVM whose classpath holds no {@code
 * chorus-testkit} jar (the {@code chorus} script starts it so). Unlike {@link Chorus}, it names no
 * command that needs the testkit (the lab, {@code cluster}, {@code check}), so none of the
 * testkit's classes is ever loaded.
 */
public final class NodeMain {
  private NodeMain() {}

  /** Runs {@code chorus node} with {@code args} (the arguments after {@code node}). */
  public static void main(String[] args) {
    System.exit(new CommandLine(new NodeCommand()).setCommandName("chorus node").execute(args));
  }
}
