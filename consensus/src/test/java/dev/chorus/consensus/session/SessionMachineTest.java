package dev.chorus.consensus.session;

import dev.chorus.consensus.LeaderTime;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chorus.core.kv.KvCodecs;
import dev.chorus.core.kv.KvCommand;
import dev.chorus.core.kv.KvResult;
import dev.chorus.core.kv.KvStateMachine;
import dev.chorus.core.spi.Codec;
import dev.chorus.core.spi.Codecs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The session machine's encodings, the leader's stamp, and a store that ran bare before it used
 * sessions: its log entries and snapshots stay readable.
 */
class SessionMachineTest {
  private static final Codecs<KvCommand, String, KvResult> KV =
      new Codecs<>(KvCodecs.COMMANDS, KvCodecs.QUERIES, KvCodecs.RESULTS);
  private static final Codec<SessionCommand> COMMANDS = SessionCodecs.overBareLog(KV).commands();

  @Test
  void commandsAndOutcomesRoundTrip() {
    byte[] put = KvCodecs.COMMANDS.encode(new KvCommand.Put("k", "v"));
    for (SessionCommand c : List.of(new SessionCommand.Register(new LeaderTime(3, 44)),
        new SessionCommand.Invoke(7, 2, 1, put, new LeaderTime(5, 6)), new SessionCommand.Plain(put))) {
      assertEquals(describe(c), describe(COMMANDS.decode(COMMANDS.encode(c))));
    }
    Codec<SessionOutcome<KvResult>> outcomes = SessionCodecs.of(KV).results();
    for (SessionOutcome<KvResult> o : List.of(new SessionOutcome.Registered<KvResult>(4),
        new SessionOutcome.Applied<KvResult>(new KvResult.Written("k", 9)),
        new SessionOutcome.Duplicate<KvResult>(new KvResult.Value("k", "v", 9)),
        new SessionOutcome.SessionExpired<KvResult>(4), new SessionOutcome.AlreadyAcknowledged<KvResult>(4, 1))) {
      assertEquals(o, outcomes.decode(outcomes.encode(o)));
    }
  }

  @Test
  void theLeaderStampOverwritesOnlyTheTime() {
    byte[] put = KvCodecs.COMMANDS.encode(new KvCommand.Put("k", "v"));
    SessionMachine<KvCommand, String, KvResult> machine = new SessionMachine<>(new KvStateMachine(), KV, 1_000);
    SessionCommand.Invoke stamped = (SessionCommand.Invoke) COMMANDS.decode(machine.stampLeaderTime(
        COMMANDS.encode(new SessionCommand.Invoke(7, 2, 1, put, new LeaderTime(99, 99))), 4, 1234));
    assertEquals(List.of(7L, 2L, 1L, new LeaderTime(4, 1234)),
        List.of(stamped.clientId(), stamped.sequence(), stamped.acknowledgedBelow(), stamped.at()));
    assertArrayEquals(put, stamped.command());
    assertEquals(new SessionCommand.Register(new LeaderTime(4, 1234)),
        COMMANDS.decode(machine.stampLeaderTime(COMMANDS.encode(new SessionCommand.Register()), 4, 1234)));
    byte[] plain = COMMANDS.encode(new SessionCommand.Plain(put));
    assertArrayEquals(plain, machine.stampLeaderTime(plain, 4, 1234));
  }

  @Test
  void aBareLogAndSnapshotFromBeforeSessionsStayReadable() {
    KvStateMachine bare = new KvStateMachine();
    byte[] oldEntry = KvCodecs.COMMANDS.encode(new KvCommand.Put("k", "old"));
    bare.apply(1, KvCodecs.COMMANDS.decode(oldEntry));
    SessionMachine<KvCommand, String, KvResult> machine = new SessionMachine<>(new KvStateMachine(), KV, 1_000);
    machine.restore(bare.snapshot());
    assertEquals(new SessionOutcome.Applied<>(new KvResult.Value("k", "old", 1)), machine.query("k"));
    machine.apply(2, COMMANDS.decode(KvCodecs.COMMANDS.encode(new KvCommand.Append("k", "x"))));
    assertEquals(new SessionOutcome.Applied<>(new KvResult.Value("k", "old,x", 2)), machine.query("k"));
    // Strict codecs refuse a bare entry rather than guess.
    assertThrows(IllegalArgumentException.class, () -> SessionCodecs.of(KV).commands().decode(oldEntry));
  }

  @Test
  void sessionsSurviveASnapshot() {
    SessionMachine<KvCommand, String, KvResult> machine = new SessionMachine<>(new KvStateMachine(), KV, 1_000);
    long client = ((SessionOutcome.Registered<KvResult>) machine.apply(1, new SessionCommand.Register(new LeaderTime(1, 0))))
        .clientId();
    byte[] append = KvCodecs.COMMANDS.encode(new KvCommand.Append("l", "e1"));
    SessionOutcome<KvResult> first = machine.apply(2, new SessionCommand.Invoke(client, 1, 1, append, new LeaderTime(1, 5)));
    SessionMachine<KvCommand, String, KvResult> restored = new SessionMachine<>(new KvStateMachine(), KV, 1_000);
    restored.restore(machine.snapshot());
    assertEquals(new SessionOutcome.Duplicate<>(((SessionOutcome.Applied<KvResult>) first).result()),
        restored.apply(3, new SessionCommand.Invoke(client, 1, 1, append, new LeaderTime(2, 0))));
    assertEquals("e1", ((KvResult.Value) ((SessionOutcome.Applied<KvResult>) restored.query("l")).result()).value());
    SessionMachine<KvCommand, String, KvResult> again = new SessionMachine<>(new KvStateMachine(), KV, 1_000);
    again.restore(machine.snapshot());
    assertArrayEquals(machine.snapshot(), again.snapshot());
  }

  private static String describe(SessionCommand c) {
    if (c instanceof SessionCommand.Invoke i) {
      return "I" + i.clientId() + "/" + i.sequence() + "/" + i.acknowledgedBelow() + "/" + i.at() + "/"
          + java.util.Arrays.toString(i.command());
    }
    if (c instanceof SessionCommand.Plain p) {
      return "N" + java.util.Arrays.toString(p.command());
    }
    return c.toString();
  }
}
