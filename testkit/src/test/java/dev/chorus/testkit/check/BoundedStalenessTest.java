package dev.chorus.testkit.check;

import static dev.chorus.testkit.check.CheckAssertions.assertInvalid;
import static dev.chorus.testkit.check.CheckAssertions.assertValid;
import static dev.chorus.testkit.check.Histories.history;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.testkit.history.Op;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Bounded staleness in versions and in time, on the test clock. */
class BoundedStalenessTest {
  private static final Versions VERSIONS = Versions.valueIsVersion();

  /** Writes x = 1..4 (#0..#3), done by time 8; after 1000 ns a read (#4) returns {@code seen}. */
  private static List<Op> readAfterFourWrites(Object seen) {
    Histories h = history();
    for (int v = 1; v <= 4; v++) {
      h.invoke(0, "write", "x", v).ok(0);
    }
    return h.after(1000).call(1, "read", "x", null, seen).build();
  }

  @Test
  void aReadMissingMoreCompletedWritesThanTheBoundIsInvalid() {
    List<Op> h = readAfterFourWrites(1);

    Verdict v = BoundedStaleness.versions(2, VERSIONS).check(h);

    assertInvalid(v, "3 newer writes had completed (#1, #2 and #3)", 1, 2, 3, 4);
    assertTrue(v.explanation().contains("at most 2 versions behind"), v.explanation());
    assertValid(BoundedStaleness.versions(3, VERSIONS).check(h));
  }

  @Test
  void aReadOfANeverWrittenKeyMissesEveryCompletedWrite() {
    assertInvalid(BoundedStaleness.versions(3, VERSIONS).check(readAfterFourWrites(null)),
        "version 0 when 4 newer writes", 0, 1, 2, 3, 4);
  }

  @Test
  void aReadLaggingTheEarliestMissedWriteByMoreThanTheBoundIsInvalid() {
    // Write 2 completed at 4; the read began at 1009: 1005 ns behind.
    List<Op> h = readAfterFourWrites(1);

    assertInvalid(BoundedStaleness.time(Duration.ofNanos(1004), VERSIONS).check(h), "the earliest 1005 ns", 1, 2, 3, 4);
    assertValid(BoundedStaleness.time(Duration.ofNanos(1005), VERSIONS).check(h));
  }

  @Test
  void writesStillInFlightOrInfoWhenTheReadBeganAreNotMissed() {
    List<Op> h = history()
        .invoke(0, "write", "x", 1).ok(0)
        .invoke(1, "write", "x", 2)
        .invoke(2, "write", "x", 3).info(2)
        .after(1000)
        .call(3, "read", "x", null, 1)
        .ok(1)
        .build();

    assertValid(BoundedStaleness.versions(0, VERSIONS).check(h));
    assertValid(BoundedStaleness.time(Duration.ZERO, VERSIONS).check(h));
  }

  @Test
  void keysAreIndependentAndVersionsMayComeFromTheStore() {
    BoundedStaleness checker = BoundedStaleness.versions(0, Versions.field("version"));
    List<Op> h = history()
        .call(0, "write", "x", "a", Histories.versioned("a", 7))
        .call(0, "write", "y", "b", Histories.versioned("b", 7))
        .call(1, "read", "y", null, Histories.versioned("b", 7))
        .call(1, "read", "x", null, Histories.versioned("a", 7))
        .build();

    assertValid(checker.check(h));
    assertInvalid(checker.check(Histories.withValue(h, 7, null)), "read #3 of x returned version 0", 0, 3);
  }

  @Test
  void malformedHistoriesAndBadBoundsAreRejected() {
    List<Op> snapshot = history().call(1, "read", null, null, 3).build();
    List<Op> twiceTheSameVersion = history()
        .invoke(0, "write", "x", 1).ok(0)
        .invoke(0, "write", "x", 1).ok(0)
        .build();
    BoundedStaleness checker = BoundedStaleness.versions(1, VERSIONS);

    assertThrows(History.MalformedHistory.class, () -> checker.check(snapshot));
    assertThrows(History.MalformedHistory.class, () -> checker.check(twiceTheSameVersion));
    assertThrows(IllegalArgumentException.class, () -> BoundedStaleness.versions(-1, VERSIONS));
    assertThrows(IllegalArgumentException.class, () -> BoundedStaleness.time(Duration.ofNanos(-1), VERSIONS));
  }

  @Test
  void anOperationItDoesNotUnderstandGivesUnknown() {
    List<Op> h = history().call(1, "add", "x", 1, null).build();

    assertEquals(Verdict.Validity.UNKNOWN, BoundedStaleness.versions(0, VERSIONS).check(h).validity());
  }

  @Test
  void aRecordedExecutionHasNoStaleReadsAndCorruptingOneReadMakesItInvalid() {
    List<Op> h = new StoreRun(13, 4, true, 0.05)
        .run(new StoreRun.Registers(List.of("x", "y"), false, false), 400).build();
    List<Checker> strictest = List.of(
        BoundedStaleness.versions(0, Versions.field("version")),
        BoundedStaleness.time(Duration.ZERO, Versions.field("version")));
    List<Op> corrupted = Histories.withValue(h, readAfterACompletedWrite(h), null);

    for (Checker checker : strictest) {
      assertValid(checker.check(h));
      Verdict v = checker.check(corrupted);
      assertEquals(Verdict.Validity.INVALID, v.validity(), v.render());
    }
  }

  /** The index of an ok read's completion that began after a write to its key completed ok. */
  private static int readAfterACompletedWrite(List<Op> h) {
    Set<String> written = new HashSet<>();
    Map<String, Boolean> invokedAfterAWrite = new HashMap<>();
    for (int i = 0; i < h.size(); i++) {
      Op e = h.get(i);
      if (e.f().equals("write") && e.type() == Op.Type.OK) {
        written.add(e.key());
      } else if (e.f().equals("read") && e.type() == Op.Type.INVOKE) {
        invokedAfterAWrite.put(e.process(), written.contains(e.key()));
      } else if (e.f().equals("read") && e.type() == Op.Type.OK && invokedAfterAWrite.get(e.process())) {
        return i;
      }
    }
    throw new AssertionError("the simulation produced no read after a completed write");
  }
}
