package dev.chorus.samples.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.testkit.check.Verdict;
import dev.chorus.testkit.history.Op;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MembershipCheckTest {
  private static List<Op> probes(long... upCounts) {
    List<Op> events = new java.util.ArrayList<>();
    long t = 100;
    for (int i = 0; i < upCounts.length; i++) {
      Op invoke = Op.client(i, Op.Type.INVOKE, "members", null, null, t++, null);
      events.add(invoke);
      events.add(upCounts[i] < 0 ? invoke.complete(Op.Type.FAIL, "refused", t++, "n1")
          : invoke.complete(Op.Type.OK, upCounts[i], t++, "n1"));
    }
    return events;
  }

  @Test
  void probesAfterRecoveryMustAllSeeEveryNode() {
    assertTrue(MembershipCheck.probesAfter(probes(3, 3, 3), 0, 3).isValid());
    Verdict short1 = MembershipCheck.probesAfter(probes(3, 2, 3), 0, 3);
    assertEquals(Verdict.Validity.INVALID, short1.validity());
    assertEquals(1, short1.operations().size(), short1::render);
    assertFalse(MembershipCheck.probesAfter(probes(3, -1, 3), 0, 3).isValid(), "a failed probe counts");
    assertFalse(MembershipCheck.probesAfter(probes(3, 3), 10_000, 3).isValid(), "no probe after recovery");
  }

  @Test
  void tableShowsEachCheckersVerdictAndExplainsFailures() {
    LabVerdict run = new LabVerdict("membership", "1 injected, 1 observed", 3, 0, 0,
        List.of(Verdict.valid("membership(recovery)", "1/1 recovered"),
            MembershipCheck.probesAfter(probes(3, 2), 0, 3)),
        Path.of("h.jsonl"), Path.of("nodes"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    VerdictTable.print(List.of(run), new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String table = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(table.contains("FAIL") && table.contains("membership(recovery): valid - 1/1 recovered"), table);
    assertTrue(table.contains("membership(probes-after-recovery): invalid"), table);
    assertTrue(table.contains("1 of 2 probes after the last recovery did not see all 3 Up"), table);
  }
}
