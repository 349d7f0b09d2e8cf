package dev.chorus.core.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Pins the bytes of the key-value commands and results that logs and snapshots hold
 * (docs/architecture.md, "Names that must not change"): a change of format must add a tag and
 * keep reading the old one, never alter what is already written.
 */
class KvEncodingPinnedTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void commands() {
    assertEquals("70000000016b0000000176", HEX.formatHex(KvCodecs.COMMANDS.encode(new KvCommand.Put("k", "v"))));
    assertEquals("64000000016b", HEX.formatHex(KvCodecs.COMMANDS.encode(new KvCommand.Delete("k"))));
    assertEquals("63000000016b000000000176", HEX.formatHex(KvCodecs.COMMANDS.encode(new KvCommand.CompareAndSet("k", null, "v"))));
    assertEquals("61000000016b0000000165", HEX.formatHex(KvCodecs.COMMANDS.encode(new KvCommand.Append("k", "e"))));
  }

  /** The session machine's entries start with R, I or N; a bare command must never. */
  @Test
  void noCommandStartsWithASessionTag() {
    for (KvCommand c : java.util.List.of(new KvCommand.Put("k", "v"), new KvCommand.Delete("k"),
        new KvCommand.CompareAndSet("k", "a", "b"), new KvCommand.Append("k", "e"))) {
      byte tag = KvCodecs.COMMANDS.encode(c)[0];
      org.junit.jupiter.api.Assertions.assertFalse(tag == 'R' || tag == 'I' || tag == 'N', c + " starts with " + (char) tag);
    }
  }

  @Test
  void snapshot() {
    KvStateMachine machine = new KvStateMachine();
    machine.apply(5, new KvCommand.Put("k", "v"));
    assertEquals("fffffffe00000001000000016b00000001760000000000000005", HEX.formatHex(machine.snapshot()));
  }
}
