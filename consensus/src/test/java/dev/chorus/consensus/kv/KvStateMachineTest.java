package dev.chorus.consensus.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class KvStateMachineTest {
  @Test
  void putDeleteAndCompareAndSetCarryTheirVersions() {
    KvStateMachine kv = new KvStateMachine();
    assertEquals(new KvResult.Value("x", null, 0), kv.query("x"));
    assertEquals(new KvResult.Written("x", 3), kv.apply(3, new KvCommand.Put("x", "a")));
    assertEquals(new KvResult.CasResult("x", false, "a", 3), kv.apply(4, new KvCommand.CompareAndSet("x", "b", "c")));
    assertEquals(new KvResult.CasResult("x", true, "c", 5), kv.apply(5, new KvCommand.CompareAndSet("x", "a", "c")));
    assertEquals(new KvResult.Value("x", "c", 5), kv.query("x"));
    kv.apply(6, new KvCommand.Delete("x"));
    assertEquals(new KvResult.CasResult("x", true, "n", 7), kv.apply(7, new KvCommand.CompareAndSet("x", null, "n")));
  }

  @Test
  void aSnapshotRestoresTheSameState() {
    KvStateMachine kv = new KvStateMachine();
    kv.apply(1, new KvCommand.Put("a", "1"));
    kv.apply(2, new KvCommand.Put("b", "2"));
    KvStateMachine other = new KvStateMachine();
    other.apply(1, new KvCommand.Put("zzz", "gone"));
    other.restore(kv.snapshot());
    assertArrayEquals(kv.snapshot(), other.snapshot());
    assertEquals(new KvResult.Value("b", "2", 2), other.query("b"));
    assertEquals(new KvResult.Value("zzz", null, 0), other.query("zzz"));
  }

  @Test
  void theSameStateHasTheSameSnapshotBytesWhateverTheOrderOfItsWrites() {
    KvStateMachine forward = new KvStateMachine();
    KvStateMachine backward = new KvStateMachine();
    List<String> keys = java.util.stream.IntStream.range(0, 200).mapToObj(i -> "key-" + i).toList();
    for (int i = 0; i < keys.size(); i++) {
      forward.apply(i + 1, new KvCommand.Put(keys.get(i), "v"));
    }
    for (int i = keys.size() - 1; i >= 0; i--) {
      backward.apply(i + 1, new KvCommand.Put(keys.get(i), "v"));
    }
    assertArrayEquals(forward.snapshot(), backward.snapshot(), "sorted by key, not by insertion or hash order");
  }

  @Test
  void everyCommandAndResultSurvivesItsCodec() {
    for (KvCommand c : List.of(new KvCommand.Put("k", "v"), new KvCommand.Delete("k"),
        new KvCommand.CompareAndSet("k", null, "v"), new KvCommand.CompareAndSet("k", "e", "v"))) {
      assertEquals(c, KvCodecs.COMMANDS.decode(KvCodecs.COMMANDS.encode(c)));
    }
    for (KvResult r : List.of(new KvResult.Value("k", null, 0), new KvResult.Value("k", "v", 9),
        new KvResult.Written("k", 4), new KvResult.CasResult("k", false, null, 0))) {
      assertEquals(r, KvCodecs.RESULTS.decode(KvCodecs.RESULTS.encode(r)));
    }
    assertEquals("q", KvCodecs.QUERIES.decode(KvCodecs.QUERIES.encode("q")));
    assertThrows(IllegalArgumentException.class, () -> KvCodecs.COMMANDS.decode(new byte[] {'X'}));
  }
}
