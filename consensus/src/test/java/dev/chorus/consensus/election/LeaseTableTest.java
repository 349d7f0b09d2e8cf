package dev.chorus.consensus.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.core.Epoch;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaseTableTest {
  private static final long TTL = 1_000;

  @Test
  void oneHolderAtATimeAndTokensOnlyIncrease() {
    LeaseTable table = new LeaseTable();
    LeaseOutcome.Granted a = (LeaseOutcome.Granted) table.apply(3, new LeaseCommand.Acquire("db", "a", TTL, 0));
    assertInstanceOf(LeaseOutcome.HeldByOther.class, table.apply(4, new LeaseCommand.Acquire("db", "b", TTL, 500)));
    LeaseOutcome.Granted renewed = (LeaseOutcome.Granted) table.apply(5, new LeaseCommand.Acquire("db", "a", TTL, 600));
    assertEquals(a.token(), renewed.token(), "a renewal keeps the token");
    LeaseOutcome.Granted b = (LeaseOutcome.Granted) table.apply(9, new LeaseCommand.Acquire("db", "b", TTL, 1_700));
    assertTrue(b.token().isNewerThan(a.token()));
    assertEquals(Optional.of("b"), table.holder("db"));
    table.apply(10, new LeaseCommand.Release("db", "a", 1_800));
    assertEquals(Optional.of("b"), table.holder("db"), "only the holder releases");
    table.apply(11, new LeaseCommand.Release("db", "b", 1_900));
    assertEquals(Optional.empty(), table.holder("db"));
  }

  @Test
  void aDeposedHoldersWriteIsRejectedByTheFencingCheck() {
    // Kleppmann's example: a holder pauses past its lease, a successor takes over and writes,
    // then the first wakes and writes with its old token.
    LeaseTable table = new LeaseTable();
    FencedResource<String> storage = new FencedResource<>();
    LeaseHolder first = new LeaseHolder(TTL, 100);
    LeaseOutcome.Granted g1 = (LeaseOutcome.Granted) table.apply(33, new LeaseCommand.Acquire("storage", "first", TTL, 0));
    first.granted(g1, 0);
    Epoch stale = first.token(50).orElseThrow();
    storage.write(stale, "from first");
    // first pauses (GC) for 2 s; its lease expires and second takes it.
    LeaseHolder second = new LeaseHolder(TTL, 100);
    LeaseOutcome.Granted g2 = (LeaseOutcome.Granted) table.apply(34, new LeaseCommand.Acquire("storage", "second", TTL, 1_500));
    second.granted(g2, 1_500);
    storage.write(second.token(1_600).orElseThrow(), "from second");
    // first wakes: its own clock tells it the lease is lost...
    assertEquals(Optional.empty(), first.token(2_050));
    // ...and a write it had already issued with the old token is refused by the resource.
    FencedResource.StaleToken refused = assertThrows(FencedResource.StaleToken.class, () -> storage.write(stale, "late"));
    assertTrue(refused.getMessage().contains("lost its lease"), refused.getMessage());
    assertEquals("from second", storage.read());
  }

  @Test
  void holderStopsBeforeTheLeaseCouldExpireElsewhere() {
    LeaseHolder h = new LeaseHolder(TTL, 200);
    h.granted(new LeaseOutcome.Granted("x", "h", Epoch.of(7), 1_000), 0);
    assertEquals(Optional.of(Epoch.of(7)), h.token(799));
    assertEquals(Optional.empty(), h.token(800));
    assertThrows(IllegalArgumentException.class, () -> new LeaseHolder(TTL, TTL));
  }

  @Test
  void theTableAndItsCodecsCarryLongNamesAndReadTheFirstFormat() throws Exception {
    String name = "n".repeat(70_000);
    LeaseTable table = new LeaseTable();
    table.apply(3, new LeaseCommand.Acquire(name, "a", TTL, 100));
    LeaseTable copy = new LeaseTable();
    copy.restore(table.snapshot());
    assertEquals(Optional.of("a"), copy.holder(name));
    LeaseCommand acquire = new LeaseCommand.Acquire(name, "a", TTL, 100);
    assertEquals(acquire, LeaseCodecs.COMMANDS.decode(LeaseCodecs.COMMANDS.encode(acquire)));
    LeaseOutcome released = new LeaseOutcome.Released(name);
    assertEquals(released, LeaseCodecs.OUTCOMES.decode(LeaseCodecs.OUTCOMES.encode(released)));

    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
      out.writeLong(100); // the first format: the clock, the count, then writeUTF names
      out.writeInt(1);
      out.writeUTF("db");
      out.writeUTF("a");
      out.writeLong(1);
      out.writeLong(1_100);
    }
    LeaseTable old = new LeaseTable();
    old.restore(bytes.toByteArray());
    assertEquals(Optional.of("a"), old.holder("db"));
  }
}
