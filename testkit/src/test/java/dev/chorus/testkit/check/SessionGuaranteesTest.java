package dev.chorus.testkit.check;

import static dev.chorus.testkit.check.CheckAssertions.assertInvalid;
import static dev.chorus.testkit.check.Histories.history;
import static dev.chorus.testkit.check.Histories.versioned;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.testkit.check.SessionGuarantees.Guarantee;
import dev.chorus.testkit.history.Op;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Terry et al. 1994's four session guarantees, per key, over textbook and generated histories. */
class SessionGuaranteesTest {
  private static final Versions VERSIONS = Versions.field("version");
  private static final SessionGuarantees ALL = SessionGuarantees.all(VERSIONS);

  @Test
  void aUserWhoUpdatesTheirProfileThenSeesTheOldOneViolatesReadYourWrites() {
    List<Op> h = history()
        .call(1, "write", "profile", "old bio", versioned("old bio", 5))
        .call(1, "write", "profile", "new bio", versioned("new bio", 8))
        .call(1, "read", "profile", null, versioned("old bio", 5))
        .build();

    Verdict v = ALL.check(h);

    assertInvalid(v, "read-your-writes", 1, 2);
    assertTrue(v.explanation().contains("version 5") && v.explanation().contains("version 8"), v.explanation());
  }

  @Test
  void readingANewerThenAnOlderVersionViolatesMonotonicReads() {
    List<Op> h = history()
        .call(1, "write", "x", 1, versioned(1, 3))
        .call(1, "write", "x", 2, versioned(2, 4))
        .call(2, "read", "x", null, versioned(2, 4))
        .call(2, "read", "x", null, versioned(1, 3))
        .build();

    assertInvalid(ALL.check(h), "monotonic reads", 2, 3);
  }

  @Test
  void aLaterWriteOrderedBeforeAnEarlierOneViolatesMonotonicWrites() {
    List<Op> h = history()
        .call(1, "write", "x", "a", versioned("a", 7))
        .call(1, "write", "x", "b", versioned("b", 4))
        .build();

    assertInvalid(ALL.check(h), "monotonic writes", 0, 1);
  }

  @Test
  void aWriteOrderedBeforeWhatItsSessionReadViolatesWritesFollowReads() {
    List<Op> h = history()
        .call(1, "write", "x", "a", versioned("a", 9))
        .call(2, "read", "x", null, versioned("a", 9))
        .call(2, "write", "x", "b", versioned("b", 6))
        .build();

    assertInvalid(ALL.check(h), "writes follow reads", 1, 2);
  }

  @Test
  void anotherSessionMayLagAndOtherKeysAreIndependent() {
    List<Op> h = history()
        .call(1, "write", "x", "a", versioned("a", 1))
        .call(1, "write", "x", "b", versioned("b", 2))
        .call(2, "read", "x", null, versioned("a", 1))
        .call(1, "read", "y", null, null)
        .call(1, "write", "y", "c", versioned("c", 3))
        .call(1, "read", "x", null, versioned("b", 2))
        .build();

    assertTrue(ALL.check(h).isValid(), ALL.check(h).render());
  }

  @Test
  void eachGuaranteeCanBeCheckedAlone() {
    List<Op> h = history()
        .call(2, "read", "x", null, versioned(2, 4))
        .call(2, "read", "x", null, versioned(1, 3))
        .build();

    assertTrue(SessionGuarantees.of(VERSIONS, Guarantee.READ_YOUR_WRITES).check(h).isValid());
    assertInvalid(SessionGuarantees.of(VERSIONS, Guarantee.MONOTONIC_READS).check(h), "monotonic reads", 0, 1);
  }

  @Test
  void infoOperationsConstrainNothingAndEndTheSession() {
    List<Op> h = history()
        .call(1, "read", "x", null, versioned("a", 5))
        .invoke(1, "write", "x", "b").info(1)
        // A history that reuses the id after an info starts a new session: no monotonic reads
        // back to version 5, no read-your-writes of the info write.
        .call(1, "read", "x", null, versioned("z", 2))
        .invoke(2, "read", "x", null).info(2)
        .call(3, "read", "x", null, null)
        .build();

    assertTrue(ALL.check(h).isValid(), ALL.check(h).render());
  }

  @Test
  void valuesThatAreVersionsWork() {
    SessionGuarantees checker = SessionGuarantees.all(Versions.valueIsVersion());
    List<Op> h = history()
        .invoke(1, "write", "x", 1).ok(1)
        .invoke(1, "write", "x", 2).ok(1)
        .call(1, "read", "x", null, 1)
        .build();

    assertInvalid(checker.check(h), "read-your-writes", 1, 2);
  }

  @Test
  void malformedHistoriesAreRejectedNamingTheOperation() {
    List<Op> noVersion = history().call(1, "read", "x", null, Map.of("value", 3)).build();
    List<Op> unpaired = List.of(Op.client(1, Op.Type.OK, "read", "x", 3, 1, null));
    List<Op> noKey = history().call(1, "write", null, 1, versioned(1, 1)).build();

    History.MalformedHistory e = assertThrows(History.MalformedHistory.class, () -> ALL.check(noVersion));
    assertTrue(e.getMessage().contains("#0") && e.getMessage().contains("\"version\""), e.getMessage());
    assertThrows(History.MalformedHistory.class, () -> ALL.check(unpaired));
    assertThrows(History.MalformedHistory.class, () -> ALL.check(noKey));
  }

  @Test
  void anOperationItDoesNotUnderstandGivesUnknown() {
    List<Op> h = history().call(1, "cas", "x", List.of(1, 2), List.of(1, 2)).build();

    assertEquals(Verdict.Validity.UNKNOWN, ALL.check(h).validity());
  }

  @Test
  void aRecordedExecutionIsValidAndCorruptingOneReadMakesItInvalid() {
    for (boolean overlapping : new boolean[] {true, false}) {
      List<Op> h = new StoreRun(7, 4, overlapping, 0.05)
          .run(new StoreRun.Registers(List.of("x", "y", "z"), false, false), 400).build();
      assertTrue(ALL.check(h).isValid(), ALL.check(h).render());

      Verdict corrupted = ALL.check(Histories.withValue(h, readAfterOwnWrite(h), null));
      assertEquals(Verdict.Validity.INVALID, corrupted.validity(), corrupted.render());
      assertTrue(corrupted.explanation().contains("read-your-writes"), corrupted.explanation());
    }
  }

  @Test
  void aRecordedExecutionWithValuesAsVersionsIsValidAndCorruptingOneReadMakesItInvalid() {
    SessionGuarantees checker = SessionGuarantees.all(Versions.valueIsVersion());
    List<Op> h = new StoreRun(11, 3, false, 0.05)
        .run(new StoreRun.Registers(List.of("x", "y"), false, true), 300).build();
    assertTrue(checker.check(h).isValid(), checker.check(h).render());

    Verdict corrupted = checker.check(Histories.withValue(h, readAfterOwnWrite(h), null));
    assertEquals(Verdict.Validity.INVALID, corrupted.validity(), corrupted.render());
  }

  /** The index of an ok read's completion whose process wrote its key (ok) before. */
  private static int readAfterOwnWrite(List<Op> h) {
    Map<String, Boolean> wrote = new HashMap<>();
    for (int i = 0; i < h.size(); i++) {
      Op e = h.get(i);
      if (e.type() != Op.Type.OK) {
        continue;
      }
      String sessionKey = e.process() + "/" + e.key();
      if (e.f().equals("write")) {
        wrote.put(sessionKey, true);
      } else if (wrote.containsKey(sessionKey)) {
        return i;
      }
    }
    throw new AssertionError("the simulation produced no read after a write of its session");
  }
}
