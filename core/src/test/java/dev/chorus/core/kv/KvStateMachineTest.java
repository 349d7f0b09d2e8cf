package dev.chorus.core.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void appendsBuildAListThatShowsEveryElementInOrder() {
    KvStateMachine machine = new KvStateMachine();
    assertEquals(new KvResult.Written("l", 1), machine.apply(1, new KvCommand.Append("l", "a")));
    machine.apply(2, new KvCommand.Append("l", "b"));
    machine.apply(3, new KvCommand.Append("l", "a"));
    assertEquals(new KvResult.Value("l", "a,b,a", 3), machine.query("l"));
    assertThrows(IllegalArgumentException.class, () -> new KvCommand.Append("l", "x,y"));
    assertThrows(IllegalArgumentException.class, () -> new KvCommand.Append("l", ""));
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
        new KvCommand.CompareAndSet("k", null, "v"), new KvCommand.CompareAndSet("k", "e", "v"), new KvCommand.Append("k", "e"))) {
      assertEquals(c, KvCodecs.COMMANDS.decode(KvCodecs.COMMANDS.encode(c)));
    }
    for (KvResult r : List.of(new KvResult.Value("k", null, 0), new KvResult.Value("k", "v", 9),
        new KvResult.Written("k", 4), new KvResult.CasResult("k", false, null, 0))) {
      assertEquals(r, KvCodecs.RESULTS.decode(KvCodecs.RESULTS.encode(r)));
    }
    assertEquals("q", KvCodecs.QUERIES.decode(KvCodecs.QUERIES.encode("q")));
    assertThrows(IllegalArgumentException.class, () -> KvCodecs.COMMANDS.decode(new byte[] {'X'}));
  }

  /** A value of 66,000 bytes answered 500 over HTTP: the first format held at most 65,535 per string. */
  @Test
  void valuesAndKeysOverSixtyFourKibSurviveTheCodecsAndTheSnapshot() {
    String big = "b".repeat(66_000);
    String wide = "\u00e9\u6f22\uD83D\uDE00".repeat(40_000); // 2, 3 and 4 bytes in UTF-8: 360,000 bytes
    for (KvCommand c : List.of(new KvCommand.Put(big, wide), new KvCommand.CompareAndSet("k", big, wide),
        new KvCommand.Delete(big))) {
      assertEquals(c, KvCodecs.COMMANDS.decode(KvCodecs.COMMANDS.encode(c)));
    }
    assertEquals(new KvResult.Value("k", wide, 3),
        KvCodecs.RESULTS.decode(KvCodecs.RESULTS.encode(new KvResult.Value("k", wide, 3))));
    assertEquals(big, KvCodecs.QUERIES.decode(KvCodecs.QUERIES.encode(big)));
    KvStateMachine kv = new KvStateMachine();
    kv.apply(1, new KvCommand.Put("a", big));
    kv.apply(2, new KvCommand.Put(big, wide));
    KvStateMachine other = new KvStateMachine();
    other.restore(kv.snapshot());
    assertEquals(new KvResult.Value("a", big, 1), other.query("a"));
    assertEquals(new KvResult.Value(big, wide, 2), other.query(big));
  }

  @Test
  void aStringThatUtf8CannotCarryIsRefusedNotAltered() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KvCodecs.COMMANDS.encode(new KvCommand.Put("k", "lone \uD800 surrogate")));
    assertTrue(e.getMessage().contains("U+D800 at index 5"), e.getMessage());
  }

  /** Logs and snapshots written before the text format are still read. */
  @Test
  void theFirstFormatIsStillRead() throws Exception {
    assertEquals(new KvCommand.Put("k", "v\u00e9"), KvCodecs.COMMANDS.decode(firstFormat(out -> {
      out.writeByte('P');
      out.writeUTF("k");
      out.writeUTF("v\u00e9");
    })));
    assertEquals(new KvCommand.CompareAndSet("k", null, "v"), KvCodecs.COMMANDS.decode(firstFormat(out -> {
      out.writeByte('C');
      out.writeUTF("k");
      out.writeBoolean(false);
      out.writeUTF("v");
    })));
    assertEquals(new KvResult.Written("k", 7), KvCodecs.RESULTS.decode(firstFormat(out -> {
      out.writeByte('W');
      out.writeUTF("k");
      out.writeLong(7);
    })));
    KvStateMachine kv = new KvStateMachine();
    kv.restore(firstFormat(out -> {
      out.writeInt(1);
      out.writeUTF("a");
      out.writeUTF("1");
      out.writeLong(4);
    }));
    assertEquals(new KvResult.Value("a", "1", 4), kv.query("a"));
  }

  private interface Writes {
    void to(java.io.DataOutputStream out) throws java.io.IOException;
  }

  private static byte[] firstFormat(Writes writes) throws java.io.IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
      writes.to(out);
    }
    return bytes.toByteArray();
  }
}
