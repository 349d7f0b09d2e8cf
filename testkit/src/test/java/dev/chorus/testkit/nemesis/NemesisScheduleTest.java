package dev.chorus.testkit.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Fault schedules are a function of the seed, and cover every kind when there is time. */
class NemesisScheduleTest {
  private static final List<FaultKind> ALL = Arrays.asList(FaultKind.values());

  @Test
  void theSameSeedGivesAByteIdenticalSchedule() {
    for (long seed = 0; seed < 50; seed++) {
      String a = NemesisSchedule.plan(seed, 5, Duration.ofSeconds(155), ALL).render();
      String b = NemesisSchedule.plan(seed, 5, Duration.ofSeconds(155), ALL).render();
      assertEquals(a, b);
    }
    assertNotEquals(NemesisSchedule.plan(1, 5, Duration.ofSeconds(155), ALL).render(),
        NemesisSchedule.plan(2, 5, Duration.ofSeconds(155), ALL).render());
  }

  @Test
  void theDefaultDurationFitsEveryKindAndAShortOneSaysWhatItLeftOut() {
    for (long seed = 0; seed < 50; seed++) {
      NemesisSchedule full = NemesisSchedule.plan(seed, 3, Duration.ofSeconds(155), ALL);
      Set<FaultKind> kinds = EnumSet.noneOf(FaultKind.class);
      full.steps().forEach(s -> kinds.add(s.fault().kind()));
      assertEquals(EnumSet.allOf(FaultKind.class), kinds, full.render());
      assertTrue(full.skipped().isEmpty());
      NemesisSchedule shorter = NemesisSchedule.plan(seed, 3, Duration.ofSeconds(40), ALL);
      assertEquals(FaultKind.values().length, shorter.steps().size() + shorter.skipped().size(), shorter.render());
      assertTrue(shorter.render().contains("skipped"), shorter.render());
    }
  }

  @Test
  void aClockRateStaysWithinWhatLeaseReadsTolerate() {
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 1_000; i++) {
      double rate = NemesisSchedule.clockRate(random);
      assertTrue(rate >= 0.79 && rate <= 1.26 && Math.abs(rate - 1) > 0.03, "rate " + rate);
    }
  }

  @Test
  void partitionsCutBothWaysAndABridgeNodeReachesBothSides() {
    for (long seed = 0; seed < 50; seed++) {
      for (NemesisSchedule.Step s : NemesisSchedule.plan(seed, 5, Duration.ofSeconds(400), ALL).steps()) {
        Fault f = s.fault();
        f.cuts().forEach((i, others) -> others.forEach(j ->
            assertTrue(f.cuts().get(j).contains(i), "cut " + i + "-" + j + " is one-way in " + f.describe())));
        if (f.kind() == FaultKind.BRIDGE) {
          assertEquals(4, f.cuts().size(), "exactly one of 5 nodes is the bridge: " + f.describe());
        }
        if (f.kind() == FaultKind.ISOLATE) {
          assertTrue(f.cuts().values().stream().anyMatch(v -> v.size() == 4), f.describe());
        }
      }
    }
  }
}
