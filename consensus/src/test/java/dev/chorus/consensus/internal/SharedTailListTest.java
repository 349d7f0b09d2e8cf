package dev.chorus.consensus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lists that share an array still behave as independent immutable lists. */
class SharedTailListTest {
  @Test
  void appendingToTheNewestKeepsEveryOlderListAsItWas() {
    SharedTailList<Integer> a = SharedTailList.copyOf(List.of(1, 2));
    List<SharedTailList<Integer>> versions = new ArrayList<>(List.of(a));
    for (int i = 3; i <= 100; i++) {
      versions.add(versions.get(versions.size() - 1).appendAll(List.of(i)));
    }
    for (int v = 0; v < versions.size(); v++) {
      List<Integer> expected = new ArrayList<>();
      for (int i = 1; i <= v + 2; i++) {
        expected.add(i);
      }
      assertEquals(expected, versions.get(v));
    }
  }

  @Test
  void appendingToAnOlderListOrAPrefixDoesNotOverwriteTheNewer() {
    SharedTailList<String> base = SharedTailList.copyOf(List.of("a", "b"));
    SharedTailList<String> newer = base.appendAll(List.of("c", "d"));
    SharedTailList<String> fork = base.appendAll(List.of("x"));
    SharedTailList<String> cut = newer.prefix(3).appendAll(List.of("y", "z"));
    assertEquals(List.of("a", "b", "c", "d"), newer);
    assertEquals(List.of("a", "b", "x"), fork);
    assertEquals(List.of("a", "b", "c", "y", "z"), cut);
    assertEquals(List.of("a", "b"), base);
    assertEquals(List.of("a", "b", "c", "d", "e"), newer.appendAll(List.of("e")));
  }

  @Test
  void refusesOutOfRangeAccessAndNulls() {
    SharedTailList<String> list = SharedTailList.copyOf(List.of("a"));
    assertThrows(IndexOutOfBoundsException.class, () -> list.appendAll(List.of("b")).prefix(1).get(1));
    assertThrows(IndexOutOfBoundsException.class, () -> list.prefix(2));
    assertThrows(NullPointerException.class, () -> list.appendAll(java.util.Arrays.asList((String) null)));
  }
}
