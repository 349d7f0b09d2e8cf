package dev.chorus.samples.lab;

import dev.chorus.testkit.check.Verdict;
import java.io.PrintStream;
import java.util.List;

/** Prints the lab's closing table. */
final class VerdictTable {
  private VerdictTable() {}

  static void print(List<LabVerdict> verdicts, PrintStream out) {
    String format = "%-20s %-24s %-20s %-7s %s%n";
    out.println();
    out.printf(format, "SCENARIO", "FAULTS", "OPS ok/fail/info", "VERDICT", "CHECKS");
    for (LabVerdict v : verdicts) {
      List<String> checks = v.checks().stream().map(VerdictTable::line).toList();
      out.printf(format, v.scenario(), v.faults(), v.ok() + "/" + v.fail() + "/" + v.info(),
          v.passed() ? "PASS" : "FAIL", checks.isEmpty() ? "" : checks.get(0));
      for (String c : checks.subList(Math.min(1, checks.size()), checks.size())) {
        out.printf(format, "", "", "", "", c);
      }
      v.checks().stream().filter(c -> !c.isValid()).forEach(c -> out.print(c.render().indent(21)));
      out.printf("%-20s history: %s%n", "", v.history());
      out.printf("%-20s logs:    %s/<node>/node.log%n", "", v.logs());
    }
  }

  /** "linearizable(kv): valid - 1200 operations on 4 key(s) are linearizable". */
  static String line(Verdict v) {
    String summary = v.explanation().lines().findFirst().orElse("");
    if (summary.length() > 90) {
      summary = summary.substring(0, 87) + "...";
    }
    return v.checker() + ": " + v.validity().name().toLowerCase() + " - " + summary;
  }
}
