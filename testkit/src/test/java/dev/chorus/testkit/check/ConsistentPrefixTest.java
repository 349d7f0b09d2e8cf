package dev.chorus.testkit.check;

import static dev.chorus.testkit.check.CheckAssertions.assertInvalid;
import static dev.chorus.testkit.check.CheckAssertions.assertValid;
import static dev.chorus.testkit.check.Histories.history;
import static dev.chorus.testkit.check.Histories.versioned;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.testkit.history.Op;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Consistent prefix over Terry's baseball game (CACM 2013), edge cases and generated histories. */
class ConsistentPrefixTest {
  private static final ConsistentPrefix CHECKER = ConsistentPrefix.of(Versions.field("version"));

  /**
   * The game of the paper: the home team scores, then the visitors, home twice, visitors, home
   * twice; versions 1 to 7, operations #0 to #6. Final score visitors 2, home 5.
   */
  private static Histories game() {
    Histories h = history();
    String[] team = {"home", "visitors", "home", "home", "visitors", "home", "home"};
    long[] runs = {1, 1, 2, 3, 2, 4, 5};
    for (int i = 0; i < team.length; i++) {
      h.call(0, "write", team[i], runs[i], versioned(runs[i], i + 1));
    }
    return h;
  }

  /** A snapshot read of the score, each team's runs with the version that wrote them (0: none). */
  private static Map<String, Object> score(long visitors, long visitorsVersion, long home, long homeVersion) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("visitors", visitorsVersion == 0 ? null : versioned(visitors, visitorsVersion));
    s.put("home", homeVersion == 0 ? null : versioned(home, homeVersion));
    return s;
  }

  @Test
  void everyScoreThePaperListsForConsistentPrefixIsValid() {
    Histories h = game();
    // 0-0, 0-1, 1-1, 1-2, 1-3, 2-3, 2-4, 2-5 (visitors-home): the states after each prefix.
    h.call(1, "read", null, null, score(0, 0, 0, 0));
    h.call(1, "read", null, null, score(0, 0, 1, 1));
    h.call(1, "read", null, null, score(1, 2, 1, 1));
    h.call(1, "read", null, null, score(1, 2, 2, 3));
    h.call(1, "read", null, null, score(1, 2, 3, 4));
    h.call(1, "read", null, null, score(2, 5, 3, 4));
    h.call(1, "read", null, null, score(2, 5, 4, 6));
    h.call(1, "read", null, null, score(2, 5, 5, 7));

    assertValid(CHECKER.check(h.build()));
  }

  @Test
  void aScoreThatNeverExistedIsInvalidNamingTheClosestPrefixAndTheKeyThatBreaksIt() {
    // Visitors 2, home 1: eventual consistency may show it, but when the visitors had 2 the
    // home team had 3.
    List<Op> h = game().call(1, "read", null, null, score(2, 5, 1, 1)).build();

    Verdict v = CHECKER.check(h);

    assertInvalid(v, "consistent prefix", 2, 3, 4, 7);
    assertTrue(v.explanation().contains("after the writes up to version 5 (#4)"), v.explanation());
    assertTrue(v.explanation().contains("home is at version 4, but the read shows 1, missing #2 and #3"),
        v.explanation());
  }

  @Test
  void aReadThatShowsAVersionWrittenToAnotherKeyIsInvalid() {
    List<Op> h = game().call(1, "read", "home", null, versioned(2, 5)).build();

    Verdict v = CHECKER.check(h);

    assertInvalid(v, "never written to home", 4, 7);
  }

  @Test
  void aReadThatShowsAVersionNoWriteHadIsInvalid() {
    List<Op> h = game().call(1, "read", null, null, score(3, 42, 5, 7)).build();

    assertInvalid(CHECKER.check(h), "no write had version 42", 7);
  }

  @Test
  void anInfoWriteMayBeShownOrNot() {
    List<Op> h = history()
        .call(0, "write", "home", 1, versioned(1, 1))
        .invoke(1, "write", "visitors", 1).info(1)
        .call(0, "write", "home", 2, versioned(2, 3))
        // The info write got version 2: a read reveals it, with the home run before it.
        .call(2, "read", null, null, score(1, 2, 1, 1))
        .call(2, "read", null, null, score(0, 0, 2, 3))
        .build();

    assertValid(CHECKER.check(h));
  }

  @Test
  void anInfoWriteWithAKnownVersionIsNeverMissed() {
    ConsistentPrefix checker = ConsistentPrefix.of(Versions.valueIsVersion());
    List<Op> h = history()
        .invoke(0, "write", "x", 1).ok(0)
        .invoke(1, "write", "y", 2).info(1)
        .invoke(0, "write", "x", 3).ok(0)
        .call(2, "read", null, null, Map.of("x", 3))
        .call(2, "read", null, null, Map.of("x", 1, "y", 2))
        .build();

    assertValid(checker.check(h));
    assertInvalid(checker.check(Histories.withValue(h, 9, Map.of("x", 1, "y", 3))),
        "never written to y", 2, 4);
  }

  @Test
  void malformedHistoriesAreRejected() {
    List<Op> notAnObject = game().call(1, "read", null, null, List.of(1, 2)).build();
    List<Op> sharedVersion = history()
        .call(0, "write", "x", 1, versioned(1, 1))
        .call(0, "write", "y", 1, versioned(1, 1))
        .build();

    assertThrows(History.MalformedHistory.class, () -> CHECKER.check(notAnObject));
    History.MalformedHistory e = assertThrows(History.MalformedHistory.class, () -> CHECKER.check(sharedVersion));
    assertTrue(e.getMessage().contains("already given to #0"), e.getMessage());
  }

  @Test
  void anOperationItDoesNotUnderstandGivesUnknown() {
    List<Op> h = game().call(1, "cas", "home", List.of(5, 6), null).build();

    assertEquals(Verdict.Validity.UNKNOWN, CHECKER.check(h).validity());
  }

  @Test
  void aRecordedExecutionIsValidAndCorruptingOneReadMakesItInvalid() {
    List<String> keys = List.of("a", "b", "c", "d");
    List<Op> overlapping = new StoreRun(3, 4, true, 0.05)
        .run(new StoreRun.Registers(keys, true, false), 400).build();
    List<Op> sequential = new StoreRun(5, 3, false, 0.05)
        .run(new StoreRun.Registers(keys, true, true), 300).build();

    assertValidThenInvalidWhenCorrupted(CHECKER, overlapping);
    assertValidThenInvalidWhenCorrupted(ConsistentPrefix.of(Versions.valueIsVersion()), sequential);
  }

  private static void assertValidThenInvalidWhenCorrupted(ConsistentPrefix checker, List<Op> h) {
    assertValid(checker.check(h));
    Verdict corrupted = checker.check(forgetOneKey(h));
    assertEquals(Verdict.Validity.INVALID, corrupted.validity(), corrupted.render());
  }

  /**
   * The history with one snapshot read corrupted: a key it showed at a version below the
   * read's newest now shows as never written, though its write is in every prefix the read
   * must include.
   */
  private static List<Op> forgetOneKey(List<Op> h) {
    for (int i = 0; i < h.size(); i++) {
      Op e = h.get(i);
      if (e.type() != Op.Type.OK || !e.f().equals("read")) {
        continue;
      }
      Map<String, JsonNode> snapshot = new LinkedHashMap<>();
      e.value().fields().forEachRemaining(entry -> snapshot.put(entry.getKey(), entry.getValue()));
      long newest = snapshot.values().stream().mapToLong(ConsistentPrefixTest::versionOf).max().orElse(0);
      for (Map.Entry<String, JsonNode> entry : snapshot.entrySet()) {
        long version = versionOf(entry.getValue());
        if (version > 0 && version < newest) {
          Map<String, Object> corrupted = new LinkedHashMap<>(snapshot);
          corrupted.put(entry.getKey(), null);
          return Histories.withValue(h, i, corrupted);
        }
      }
    }
    throw new AssertionError("the simulation produced no snapshot with two written keys");
  }

  /** The version in a register's recorded value: the value itself, or its "version" field. */
  private static long versionOf(JsonNode value) {
    if (value.isNull()) {
      return 0;
    }
    return value.isObject() ? value.get("version").asLong() : value.asLong();
  }
}
