package dev.chorus.samples.cli;

import dev.chorus.samples.lab.LabCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code chorus} command line: run nodes, local clusters, the lab, and the checkers. */
@Command(
    name = "chorus",
    mixinStandardHelpOptions = true,
    version = "chorus 0.1.0-SNAPSHOT",
    description = "Clustered services on Apache Pekko whose consistency is explicit and checked.",
    subcommands = {NodeCommand.class, ClusterCommand.class, LabCommand.class, CheckCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Examples:",
        "  ./chorus lab",
        "  ./chorus cluster --nodes 3",
        "  ./chorus check --model cas-register history.jsonl",
        "  ./chorus node --port 2551 --seed 127.0.0.1:2551 --http 8551"})
public final class Chorus implements Runnable {
  /** Exit status for bad input (options or configuration). */
  public static final int EXIT_BAD_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new Chorus()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
