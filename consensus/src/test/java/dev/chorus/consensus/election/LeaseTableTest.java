package dev.chorus.consensus.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.consensus.LeaderTime;
import dev.chorus.core.Epoch;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaseTableTest {
  private static final long TTL = 1_000;

  /** The term-1 leader's monotonic clock at {@code millis}. */
  private static LeaderTime at(long millis) {
    return new LeaderTime(1, millis);
  }

  @Test
  void oneHolderAtATimeAndTokensOnlyIncrease() {
    LeaseTable table = new LeaseTable();
    LeaseOutcome.Granted a = (LeaseOutcome.Granted) table.apply(3, new LeaseCommand.Acquire("db", "a", TTL, at(0)));
    assertInstanceOf(LeaseOutcome.HeldByOther.class, table.apply(4, new LeaseCommand.Acquire("db", "b", TTL, at(500))));
    LeaseOutcome.Granted renewed = (LeaseOutcome.Granted) table.apply(5, new LeaseCommand.Acquire("db", "a", TTL, at(600)));
    assertEquals(a.token(), renewed.token(), "a renewal keeps the token");
    LeaseOutcome.Granted b = (LeaseOutcome.Granted) table.apply(9, new LeaseCommand.Acquire("db", "b", TTL, at(1_700)));
    assertTrue(b.token().isNewerThan(a.token()));
    assertEquals(Optional.of("b"), table.holder("db"));
    table.apply(10, new LeaseCommand.Release("db", "a", at(1_800)));
    assertEquals(Optional.of("b"), table.holder("db"), "only the holder releases");
    table.apply(11, new LeaseCommand.Release("db", "b", at(1_900)));
    assertEquals(Optional.empty(), table.holder("db"));
  }

  @Test
  void aDeposedHoldersWriteIsRejectedByTheFencingCheck() {
    // Kleppmann's example: a holder pauses past its lease, a successor takes over and writes,
    // then the first wakes and writes with its old token.
    LeaseTable table = new LeaseTable();
    FencedResource<String> storage = new FencedResource<>();
    LeaseHolder first = new LeaseHolder(TTL, 100);
    LeaseOutcome.Granted g1 = (LeaseOutcome.Granted) table.apply(33, new LeaseCommand.Acquire("storage", "first", TTL, at(0)));
    first.granted(g1, 0);
    Epoch stale = first.token(50).orElseThrow();
    storage.write(stale, "from first");
    // first pauses (GC) for 2 s; its lease expires and second takes it.
    LeaseHolder second = new LeaseHolder(TTL, 100);
    LeaseOutcome.Granted g2 = (LeaseOutcome.Granted) table.apply(34, new LeaseCommand.Acquire("storage", "second", TTL, at(1_500)));
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
    table.apply(3, new LeaseCommand.Acquire(name, "a", TTL, at(100)));
    LeaseTable copy = new LeaseTable();
    copy.restore(table.snapshot());
    assertEquals(Optional.of("a"), copy.holder(name));
    LeaseCommand acquire = new LeaseCommand.Acquire(name, "a", TTL, at(100));
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

  /**
   * A new leader's clock reads anything (here far ahead): never compared with the old one's, and
   * every live lease is refreshed to a whole TTL from the new leader's first entry (etcd's rule),
   * so the takeover expires nobody early.
   */
  @Test
  void aNewLeaderRefreshesEveryLiveLeaseAndComparesNoClocks() {
    LeaseTable table = new LeaseTable();
    table.apply(1, new LeaseCommand.Acquire("db", "a", TTL, at(0)));
    table.apply(2, new LeaseCommand.Acquire("other", "x", TTL, at(900)));
    // Term 2's leader, whose monotonic clock reads 5,000,000: 900 ms of session time so far.
    assertInstanceOf(LeaseOutcome.HeldByOther.class,
        table.apply(3, new LeaseCommand.Acquire("db", "b", TTL, new LeaderTime(2, 5_000_000))));
    // 999 ms later on term 2's clock: "db" was refreshed at 900 to last until 1,900.
    assertInstanceOf(LeaseOutcome.HeldByOther.class,
        table.apply(4, new LeaseCommand.Acquire("db", "b", TTL, new LeaderTime(2, 5_000_999))));
    assertInstanceOf(LeaseOutcome.Granted.class,
        table.apply(5, new LeaseCommand.Acquire("db", "b", TTL, new LeaderTime(2, 5_001_001))));
    // A later leader whose clock reads less does not turn time back.
    table.apply(6, new LeaseCommand.Release("none", "y", new LeaderTime(3, 7)));
    assertEquals(Optional.of("b"), table.holder("db"));
  }

  /** An entry from before leader stamps (tag a, one wall-clock reading) is still read and timed. */
  @Test
  void anEntryOfTheWallClockFormatIsStillRead() throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
      out.writeByte('a');
      dev.chorus.core.spi.DataCodec.writeText(out, "db");
      dev.chorus.core.spi.DataCodec.writeText(out, "a");
      out.writeLong(1_765_000_000_000L); // a wall-clock reading
      out.writeLong(TTL);
    }
    LeaseCommand old = LeaseCodecs.COMMANDS.decode(bytes.toByteArray());
    assertEquals(new LeaseCommand.Acquire("db", "a", TTL, new LeaderTime(0, 1_765_000_000_000L)), old);
    LeaseTable table = new LeaseTable();
    table.apply(1, old);
    assertInstanceOf(LeaseOutcome.HeldByOther.class,
        table.apply(2, new LeaseCommand.Acquire("db", "b", TTL, new LeaderTime(0, 1_765_000_000_500L))));
    assertInstanceOf(LeaseOutcome.Granted.class,
        table.apply(3, new LeaseCommand.Acquire("db", "b", TTL, new LeaderTime(0, 1_765_000_001_001L))));
  }
}
