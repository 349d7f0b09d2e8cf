package dev.chorus.consensus.session;

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

  private static Invoke invoke(long client, long seq, long acked, long add, long millis) {
    return new Invoke(client, seq, acked, b(add), millis);
  }

  @Test
  void aRetryIsAnsweredFromTheTableNotAppliedAgain() {
    SessionTable table = new SessionTable(TTL);
    Counter counter = new Counter();
    long client = ((SessionOutcome.Registered) table.apply(7, new Register(0), counter)).clientId();
    assertEquals(7, client);
    SessionOutcome first = table.apply(8, invoke(client, 1, 1, 5, 10), counter);
    // The leader changed and the client retried: the same command appears again at index 11.
    SessionOutcome retry = table.apply(11, invoke(client, 1, 1, 5, 20), counter);
    assertArrayEquals(b(5), ((SessionOutcome.Applied) first).result());
    assertArrayEquals(b(5), ((SessionOutcome.Duplicate) retry).result());
    assertEquals(List.of(5L), counter.applied);
  }

  @Test
  void acknowledgedResultsAreDroppedAndTheirRetriesRefused() {
    SessionTable table = new SessionTable(TTL);
    Counter counter = new Counter();
    table.apply(1, new Register(0), counter);
    table.apply(2, invoke(1, 1, 1, 1, 0), counter);
    table.apply(3, invoke(1, 2, 2, 1, 0), counter);
    SessionOutcome late = table.apply(4, invoke(1, 1, 1, 1, 0), counter);
    assertInstanceOf(SessionOutcome.AlreadyAcknowledged.class, late);
    assertEquals(2, counter.applied.size());
  }

  @Test
  void pipelinedCommandsMayCommitOutOfOrder() {
    SessionTable table = new SessionTable(TTL);
    Counter counter = new Counter();
    table.apply(1, new Register(0), counter);
    assertInstanceOf(SessionOutcome.Applied.class, table.apply(2, invoke(1, 2, 1, 10, 0), counter));
    assertInstanceOf(SessionOutcome.Applied.class, table.apply(3, invoke(1, 1, 1, 1, 0), counter));
    assertEquals(List.of(10L, 1L), counter.applied);
  }

  @Test
  void sessionsExpireByTheLeadersClockInTheLog() {
    SessionTable table = new SessionTable(TTL);
    Counter counter = new Counter();
    table.apply(1, new Register(1_000), counter);
    table.apply(2, new Register(5_000), counter);
    table.apply(3, invoke(2, 1, 1, 1, 12_000), counter);
    // Client 1 has been silent since 1,000: at 12,000 it is past the 10 s time-to-live.
    SessionOutcome expired = table.apply(4, invoke(1, 1, 1, 1, 12_000), counter);
    assertEquals(new SessionOutcome.SessionExpired(1), expired);
    assertEquals(1, table.size());
    // An entry proposed by an older leader with a slower clock does not turn time back.
    table.apply(5, invoke(2, 2, 2, 1, 3_000), counter);
    assertEquals(1, table.size());
  }

  @Test
  void theTableSurvivesASnapshot() {
    SessionTable table = new SessionTable(TTL);
    Counter counter = new Counter();
    table.apply(1, new Register(0), counter);
    table.apply(2, invoke(1, 1, 1, 4, 0), counter);
    SessionTable restored = SessionTable.restore(table.snapshot(), TTL);
    assertArrayEquals(table.snapshot(), restored.snapshot());
    SessionOutcome retry = restored.apply(3, invoke(1, 1, 1, 4, 0), counter);
    assertArrayEquals(b(4), ((SessionOutcome.Duplicate) retry).result());
    assertEquals(List.of(4L), counter.applied);
  }

  @Test
  void badInputIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new SessionTable(0));
    assertThrows(IllegalArgumentException.class, () -> new Invoke(1, 0, 0, new byte[0], 0));
    assertThrows(IllegalArgumentException.class, () -> new Invoke(1, 2, 3, new byte[0], 0));
    assertThrows(IllegalArgumentException.class, () -> SessionTable.restore(new byte[] {1, 2, 3}, TTL));
  }
}
