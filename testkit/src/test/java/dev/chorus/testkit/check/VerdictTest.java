package dev.chorus.testkit.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictTest {
  @Test
  void worstPrefersInvalidOverUnknownOverValid() {
    Verdict valid = Verdict.valid("c", "fine");
    Verdict unknown = Verdict.unknown("c", "budget");
    Verdict invalid = Verdict.invalid("c", "stale read", List.of());
    assertEquals(invalid, Verdict.worst("all", List.of(valid, unknown, invalid, unknown)));
    assertEquals(unknown, Verdict.worst("all", List.of(valid, unknown, valid)));
    assertEquals(Verdict.Validity.VALID, Verdict.worst("all", List.of(valid, valid)).validity());
  }
}
