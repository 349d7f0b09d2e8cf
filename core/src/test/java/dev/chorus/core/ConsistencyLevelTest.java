package dev.chorus.core;

import static dev.chorus.core.ConsistencyLevel.CAUSAL;
import static dev.chorus.core.ConsistencyLevel.CONSISTENT_PREFIX;
import static dev.chorus.core.ConsistencyLevel.EVENTUAL;
import static dev.chorus.core.ConsistencyLevel.SESSION;
import static dev.chorus.core.ConsistencyLevel.STRONG;
import static dev.chorus.core.ConsistencyLevel.boundedStaleness;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsistencyLevelTest {
  private static final ConsistencyLevel BOUNDED = boundedStaleness(100, Duration.ofSeconds(5));
  /** Strongest first, one per kind, causal left out (it is beside bounded staleness). */
  private static final List<ConsistencyLevel> ORDER =
      List.of(STRONG, BOUNDED, SESSION, CONSISTENT_PREFIX, EVENTUAL);

  @Test
  void kindsWithoutCausalAreTotallyOrderedLikeCosmosDb() {
    for (int i = 0; i < ORDER.size(); i++) {
      for (int j = 0; j < ORDER.size(); j++) {
        ConsistencyLevel a = ORDER.get(i);
        ConsistencyLevel b = ORDER.get(j);
        assertEquals(i >= j, a.isWeakerOrEqualTo(b), a + " weaker-or-equal to " + b);
        assertEquals(i < j, a.kind().isStrongerThan(b.kind()), a + " stronger than " + b);
      }
    }
  }

  @Test
  void causalIsBelowStrongAboveSessionAndBesideBoundedStaleness() {
    assertTrue(CAUSAL.isWeakerOrEqualTo(STRONG));
    assertFalse(STRONG.isWeakerOrEqualTo(CAUSAL));
    for (ConsistencyLevel weaker : List.of(SESSION, CONSISTENT_PREFIX, EVENTUAL)) {
      assertTrue(weaker.isWeakerOrEqualTo(CAUSAL), weaker + " below causal");
      assertFalse(CAUSAL.isWeakerOrEqualTo(weaker), "causal not below " + weaker);
    }
    assertFalse(CAUSAL.isWeakerOrEqualTo(BOUNDED));
    assertFalse(BOUNDED.isWeakerOrEqualTo(CAUSAL));
    assertFalse(CAUSAL.kind().isStrongerThan(BOUNDED.kind()));
    assertFalse(BOUNDED.kind().isStrongerThan(CAUSAL.kind()));
    assertSame(CAUSAL, ConsistencyLevel.parse("Causal"));
  }

  @Test
  void aCeilingOfTwoIncomparableLevelsServesWhatIsBelowEither() {
    ServedLevels ceiling = ServedLevels.upTo(CAUSAL, BOUNDED, SESSION);
    assertEquals(List.of(CAUSAL, BOUNDED), ceiling.ceiling(), "session is covered, so dropped");
    assertTrue(ceiling.serves(CAUSAL) && ceiling.serves(BOUNDED) && ceiling.serves(EVENTUAL));
    assertTrue(ceiling.serves(boundedStaleness(1000, Duration.ofMinutes(1))));
    assertFalse(ceiling.serves(STRONG));
    ConsistencyLevelNotSupportedException e =
        assertThrows(ConsistencyLevelNotSupportedException.class, () -> ceiling.require(STRONG));
    assertEquals(ceiling, e.ceiling());
    assertEquals("Consistency level strong is not served by this store, whose strongest levels "
        + "are causal, bounded-staleness(100,5s): a request may ask for a level at or below the "
        + "store's strongest", e.getMessage());
    assertTrue(ServedLevels.ALL.serves(STRONG) && ServedLevels.ALL.serves(CAUSAL));
    assertThrows(IllegalArgumentException.class, () -> new ServedLevels(List.of()));
  }

  @Test
  void largerStalenessBoundsAreWeaker() {
    ConsistencyLevel tight = boundedStaleness(10, Duration.ofSeconds(1));
    ConsistencyLevel loose = boundedStaleness(100, Duration.ofSeconds(5));
    assertTrue(loose.isWeakerOrEqualTo(tight));
    assertFalse(tight.isWeakerOrEqualTo(loose));
    assertTrue(tight.isWeakerOrEqualTo(boundedStaleness(10, Duration.ofSeconds(1))));
    // Larger in one bound only is still weaker-or-equal.
    assertTrue(boundedStaleness(10, Duration.ofSeconds(2)).isWeakerOrEqualTo(tight));
  }

  @Test
  void crossedStalenessBoundsAreIncomparable() {
    ConsistencyLevel manyVersionsShortLag = boundedStaleness(100, Duration.ofSeconds(1));
    ConsistencyLevel fewVersionsLongLag = boundedStaleness(10, Duration.ofSeconds(5));
    assertFalse(manyVersionsShortLag.isWeakerOrEqualTo(fewVersionsLongLag));
    assertFalse(fewVersionsLongLag.isWeakerOrEqualTo(manyVersionsShortLag));
  }

  @Test
  void stringFormRoundTripsForAllSix() {
    assertEquals("strong", STRONG.toString());
    assertEquals("causal", CAUSAL.toString());
    assertEquals("bounded-staleness(100,5s)", BOUNDED.toString());
    assertEquals("session", SESSION.toString());
    assertEquals("consistent-prefix", CONSISTENT_PREFIX.toString());
    assertEquals("eventual", EVENTUAL.toString());
    for (ConsistencyLevel level : List.of(STRONG, CAUSAL, BOUNDED, SESSION, CONSISTENT_PREFIX, EVENTUAL)) {
      assertEquals(level, ConsistencyLevel.parse(level.toString()));
    }
    assertSame(STRONG, ConsistencyLevel.parse("strong"));
  }

  @Test
  void maxLagKeepsItsPrecision() {
    List<Duration> lags = List.of(Duration.ZERO, Duration.ofMillis(1500), Duration.ofMinutes(2),
        Duration.ofHours(36), Duration.ofNanos(1), Duration.ofSeconds(Long.MAX_VALUE, 999_999_999));
    for (Duration lag : lags) {
      ConsistencyLevel level = boundedStaleness(Long.MAX_VALUE, lag);
      assertEquals(level, ConsistencyLevel.parse(level.toString()), level.toString());
    }
    assertEquals("bounded-staleness(0,1500ms)",
        boundedStaleness(0, Duration.ofMillis(1500)).toString());
  }

  @Test
  void parseIsLenientAboutCaseSpacesAndUnderscores() {
    assertEquals(CONSISTENT_PREFIX, ConsistencyLevel.parse(" CONSISTENT_PREFIX "));
    assertEquals(BOUNDED, ConsistencyLevel.parse("Bounded_Staleness( 100 , 5S )"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "linearizable", "bounded-staleness", "bounded-staleness(100)",
      "bounded-staleness(100,5s,1)", "bounded-staleness(-1,5s)", "bounded-staleness(1,5)",
      "bounded-staleness(1,-5s)", "bounded-staleness(1,5 weeks)",
      "bounded-staleness(99999999999999999999,5s)"})
  void badInputIsExplained(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ConsistencyLevel.parse(text));
    assertTrue(e.getMessage().contains("'"), e.getMessage());
    assertTrue(e.getMessage().contains("expected") || e.getMessage().contains("larger than"),
        e.getMessage());
  }

  @Test
  void unknownLevelMessageListsTheChoices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ConsistencyLevel.parse("linearizable"));
    assertEquals("Unknown consistency level 'linearizable'; expected one of strong, causal, "
        + "bounded-staleness(<maxVersions>,<maxLag>) such as bounded-staleness(100,5s), session, "
        + "consistent-prefix, eventual", e.getMessage());
  }

  @Test
  void factoryValidatesBounds() {
    IllegalArgumentException versions = assertThrows(IllegalArgumentException.class,
        () -> boundedStaleness(-1, Duration.ZERO));
    assertTrue(versions.getMessage().contains("maxVersions"), versions.getMessage());
    IllegalArgumentException lag = assertThrows(IllegalArgumentException.class,
        () -> boundedStaleness(0, Duration.ofMillis(-1)));
    assertTrue(lag.getMessage().contains("maxLag"), lag.getMessage());
  }

  @Test
  void requestMayAskForStoreLevelOrWeaker() {
    assertDoesNotThrow(() -> SESSION.requireAllowedBy(SESSION));
    assertDoesNotThrow(() -> EVENTUAL.requireAllowedBy(SESSION));
    assertDoesNotThrow(() -> BOUNDED.requireAllowedBy(STRONG));
    ConsistencyLevelNotSupportedException e = assertThrows(
        ConsistencyLevelNotSupportedException.class, () -> STRONG.requireAllowedBy(SESSION));
    assertEquals(STRONG, e.requested());
    assertEquals(List.of(SESSION), e.ceiling().ceiling());
    assertTrue(e.getMessage().contains("strong") && e.getMessage().contains("session"),
        e.getMessage());
    ConsistencyLevel crossed = boundedStaleness(1000, Duration.ofMillis(10));
    ConsistencyLevelNotSupportedException bounded = assertThrows(
        ConsistencyLevelNotSupportedException.class, () -> crossed.requireAllowedBy(BOUNDED));
    assertTrue(bounded.getMessage().contains("bounded-staleness(1000,10ms)")
        && bounded.getMessage().contains("bounded-staleness(100,5s)"), bounded.getMessage());
  }
}
