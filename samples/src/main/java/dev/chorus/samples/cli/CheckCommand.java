package dev.chorus.samples.cli;

import dev.chorus.testkit.check.Checker;
import dev.chorus.testkit.check.History;
import dev.chorus.testkit.check.LinearizabilityChecker;
import dev.chorus.testkit.check.Model;
import dev.chorus.testkit.check.Models;
import dev.chorus.testkit.check.SequentialChecker;
import dev.chorus.testkit.check.Verdict;
import dev.chorus.testkit.history.HistoryReader;
import dev.chorus.testkit.history.Op;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code chorus check}: checks history files (the testkit's JSON-lines format) against a model.
 * Exits 0 when every file is valid, 1 when any is invalid, 2 when none is invalid but some
 * verdict is unknown or some input is bad (a malformed line, a missing file).
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {"Checks recorded histories (JSON lines, one event per line; nemesis lines are "
        + "ignored) for linearizability or sequential consistency against a model.",
        "Exit status: 0 all valid, 1 any invalid, 2 unknown or bad input."},
    footer = {"", "Models: register, cas-register, kv, set, counter, queue", "", "Examples:",
        "  ./chorus check --model cas-register target/lab/kv-42/history.jsonl",
        "  ./chorus check --model kv --consistency sequential a.jsonl b.jsonl"})
public final class CheckCommand implements Callable<Integer> {
  /** Which property to check. */
  enum Consistency { linearizable, sequential }

  @Option(names = "--model", required = true, description = "The model: ${COMPLETION-CANDIDATES}.",
      completionCandidates = ModelNames.class)
  String model;

  @Option(names = "--consistency", defaultValue = "linearizable",
      description = "linearizable or sequential (default: ${DEFAULT-VALUE}).")
  Consistency consistency;

  @Option(names = "--budget", defaultValue = "" + LinearizabilityChecker.DEFAULT_BUDGET,
      description = "Search steps before a verdict is unknown (default: ${DEFAULT-VALUE}).")
  long budget;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "History files.")
  List<Path> files;

  /** The model names, for picocli's help. */
  static final class ModelNames extends java.util.ArrayList<String> {
    ModelNames() {
      super(Models.NAMES);
    }
  }

  @Override
  public Integer call() {
    Model<?> m;
    try {
      m = Models.byName(model);
    } catch (IllegalArgumentException e) {
      System.err.println("error: --model: " + e.getMessage());
      return Chorus.EXIT_BAD_INPUT;
    }
    if (budget <= 0) {
      System.err.println("error: --budget must be positive, got " + budget);
      return Chorus.EXIT_BAD_INPUT;
    }
    Checker checker = consistency == Consistency.linearizable
        ? new LinearizabilityChecker(m, budget) : new SequentialChecker(m, budget);
    boolean invalid = false;
    boolean unsure = false;
    for (Path file : files) {
      Verdict.Validity v = checkFile(checker, file, System.out);
      invalid |= v == Verdict.Validity.INVALID;
      unsure |= v != Verdict.Validity.VALID;
    }
    return invalid ? 1 : unsure ? Chorus.EXIT_BAD_INPUT : 0;
  }

  /** Checks one file and prints its report; bad input counts as unknown. */
  static Verdict.Validity checkFile(Checker checker, Path file, PrintStream out) {
    List<Op> events;
    try {
      events = HistoryReader.read(file);
    } catch (NoSuchFileException e) {
      out.println(file + ": bad input: no such file");
      return Verdict.Validity.UNKNOWN;
    } catch (IOException | HistoryReader.MalformedHistoryException e) {
      out.println(file + ": bad input: " + e.getMessage());
      return Verdict.Validity.UNKNOWN;
    }
    long start = System.nanoTime();
    Verdict verdict;
    try {
      verdict = checker.check(events);
    } catch (History.MalformedHistory e) {
      out.println(file + ": bad input: " + e.getMessage());
      return Verdict.Validity.UNKNOWN;
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    out.printf("%s: %s in %d ms%n", file, verdict.validity().name().toLowerCase(), millis);
    out.print(verdict.render().indent(2));
    return verdict.validity();
  }
}
