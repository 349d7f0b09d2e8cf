package dev.chorus.consensus.session;

import dev.chorus.consensus.LeaderTime;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chorus.consensus.session.SessionCommand.Invoke;
import dev.chorus.consensus.session.SessionCommand.Register;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Thesis §6.3: each command of a session takes effect once, however often it is retried. */
class SessionTableTest {
  private static final long TTL = 10_000;

  /** A counter state machine: each command adds its number and returns the new total. */
  private static final class Counter implements UnaryOperator<byte[]> {
    long total;
    final List<Long> applied = new ArrayList<>();

    @Override
    public byte[] apply(byte[] command) {
      long add = Long.parseLong(new String(command, StandardCharsets.UTF_8));
      applied.add(add);
      total += add;
      return Long.toString(total).getBytes(StandardCharsets.UTF_8);
    }
  }

  private static byte[] b(long n) {
    return Long.toString(n).getBytes(StandardCharsets.UTF_8);
  }

  /** A command of the term-1 leader at {@code millis} on its clock. */
  private static Invoke invoke(long client, long seq, long acked, long add, long millis) {
    return invoke(client, seq, acked, add, new LeaderTime(1, millis));
  }

  private static Invoke invoke(long client, long seq, long acked, long add, LeaderTime at) {
    return new Invoke(client, seq, acked, b(add), at);
  }

  private static Register register(long millis) {
    return new Register(new LeaderTime(1, millis));
  }

  @Test
  void aRetryIsAnsweredFromTheTableNotAppliedAgain() {
    SessionTable table = new SessionTable(TTL);
    Counter counter = new Counter();
    long client = ((SessionOutcome.Registered) table.apply(7, register(0), counter)).clientId();
    assertEquals(7, client);
    SessionOutcome<byte[]> first = table.apply(8, invoke(client, 1, 1, 5, 10), counter);
    // The leader changed and the client retried: the same command appears again at index 11.
    SessionOutcome<byte[]> retry = table.apply(11, invoke(client, 1, 1, 5, 20), counter);
    assertArrayEquals(b(5), ((SessionOutcome.Applied<byte[]>) first).result());
    assertArrayEquals(b(5), ((SessionOutcome.Duplicate<byte[]>) retry).result());
    assertEquals(List.of(5L), counter.applied);
  }

  @Test
  void acknowledgedResultsAreDroppedAndTheirRetriesRefused() {
    SessionTable table = new SessionTable(TTL);
    Counter counter = new Counter();
    table.apply(1, register(0), counter);
    table.apply(2, invoke(1, 1, 1, 1, 0), counter);
    table.apply(3, invoke(1, 2, 2, 1, 0), counter);
    SessionOutcome<byte[]> late = table.apply(4, invoke(1, 1, 1, 1, 0), counter);
    assertInstanceOf(SessionOutcome.AlreadyAcknowledged.class, late);
    assertEquals(2, counter.applied.size());
  }

  @Test
  void pipelinedCommandsMayCommitOutOfOrder() {
    SessionTable table = new SessionTable(TTL);
    Counter counter = new Counter();
    table.apply(1, register(0), counter);
    assertInstanceOf(SessionOutcome.Applied.class, table.apply(2, invoke(1, 2, 1, 10, 0), counter));
    assertInstanceOf(SessionOutcome.Applied.class, table.apply(3, invoke(1, 1, 1, 1, 0), counter));
    assertEquals(List.of(10L, 1L), counter.applied);
  }

  @Test
  void sessionsExpireByTheLeadersClockInTheLog() {
    SessionTable table = new SessionTable(TTL);
    Counter counter = new Counter();
    table.apply(1, register(1_000), counter);
    table.apply(2, register(5_000), counter);
    table.apply(3, invoke(2, 1, 1, 1, 12_000), counter);
    // Client 1 has been silent since 1,000: at 12,000 it is past the 10 s time-to-live.
    SessionOutcome<byte[]> expired = table.apply(4, invoke(1, 1, 1, 1, 12_000), counter);
    assertEquals(new SessionOutcome.SessionExpired<byte[]>(1), expired);
    assertEquals(1, table.size());
    // A reading behind an earlier one of the same leader does not turn time back.
    table.apply(5, invoke(2, 2, 2, 1, 3_000), counter);
    assertEquals(11_000, table.clock());
    assertEquals(1, table.size());
  }

  @Test
  void aNewLeadersClockIsNeverComparedWithTheOldOnes() {
    SessionTable table = new SessionTable(TTL);
    Counter counter = new Counter();
    table.apply(1, register(0), counter);
    table.apply(2, invoke(1, 1, 1, 1, 9_000), counter);
    // The term-2 leader's monotonic clock reads 50,000 (it booted long ago): counted from its
    // first entry, not against the term-1 leader's readings, so the session does not expire.
    table.apply(3, new Register(new LeaderTime(2, 50_000)), counter);
    assertEquals(9_000, table.clock());
    assertInstanceOf(SessionOutcome.Applied.class, table.apply(4, invoke(1, 2, 2, 1, new LeaderTime(2, 59_000)), counter));
    // A term-3 leader whose clock reads less than its predecessor's does not turn time back either.
    table.apply(5, invoke(3, 1, 1, 1, new LeaderTime(3, 10)), counter);
    assertEquals(18_000, table.clock());
    // Within term 3, 10 s of silence past client 1's last command at 18,000 expires it.
    table.apply(6, invoke(3, 2, 2, 1, new LeaderTime(3, 10_011)), counter);
    assertInstanceOf(SessionOutcome.SessionExpired.class, table.apply(7, invoke(1, 3, 3, 1, new LeaderTime(3, 10_011)), counter));
  }

  @Test
  void anUnstampedEntryMovesNoTime() {
    SessionTable table = new SessionTable(TTL);
    Counter counter = new Counter();
    table.apply(1, register(1_000), counter);
    table.apply(2, new Register(), counter);
    assertEquals(0, table.clock());
    assertEquals(2, table.size());
  }

  @Test
  void aPlainCommandIsAppliedEveryTime() {
    SessionTable table = new SessionTable(TTL);
    Counter counter = new Counter();
    table.apply(1, new SessionCommand.Plain(b(2)), counter);
    table.apply(2, new SessionCommand.Plain(b(2)), counter);
    assertEquals(List.of(2L, 2L), counter.applied);
  }

  @Test
  void theTableSurvivesASnapshot() {
    SessionTable table = new SessionTable(TTL);
    Counter counter = new Counter();
    table.apply(1, register(0), counter);
    table.apply(2, invoke(1, 1, 1, 4, 0), counter);
    SessionTable restored = SessionTable.restore(table.snapshot(), TTL);
    assertArrayEquals(table.snapshot(), restored.snapshot());
    SessionOutcome<byte[]> retry = restored.apply(3, invoke(1, 1, 1, 4, 0), counter);
    assertArrayEquals(b(4), ((SessionOutcome.Duplicate<byte[]>) retry).result());
    assertEquals(List.of(4L), counter.applied);
  }

  @Test
  void badInputIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new SessionTable(0));
    assertThrows(IllegalArgumentException.class, () -> new Invoke(1, 0, 0, new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> new Invoke(1, 2, 3, new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> new LeaderTime(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> new ClientSequence(1, 2, 3));
    assertThrows(IllegalArgumentException.class, () -> new ClientSequence(1, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> SessionTable.restore(new byte[] {1, 2, 3}, TTL));
  }
}
