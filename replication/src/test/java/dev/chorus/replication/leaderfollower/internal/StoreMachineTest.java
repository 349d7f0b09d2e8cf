package dev.chorus.replication.leaderfollower.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.core.Bytes;
import dev.chorus.core.kv.KvCommand;
import dev.chorus.core.kv.KvResult;
import dev.chorus.core.kv.KvStateMachine;
import dev.chorus.replication.leaderfollower.ReplicatedKv;
import dev.chorus.replication.leaderfollower.protocol.EpochLog;
import dev.chorus.replication.leaderfollower.protocol.LogRecord;
import dev.chorus.replication.leaderfollower.protocol.StoreSnapshot;
import org.junit.jupiter.api.Test;

/**
 * The state machine follows exactly the prefix a replica serves: forward as it grows, and rebuilt
 * from the log when a failover cut records it had applied, or the servable prefix shrank.
 */
class StoreMachineTest {
  private final StoreMachine machine = new StoreMachine(KvStateMachine::new, ReplicatedKv.CODECS);
  private final EpochLog log = new EpochLog();

  @Test
  void itAppliesUpToWhatIsServedAndNoFurther() {
    put(1, 1, "a", "1");
    put(1, 2, "a", "2");
    machine.catchUp(log, 1, null);
    assertEquals("1", value("a"));
    machine.catchUp(log, 2, null);
    assertEquals("2", value("a"));
    assertEquals(0, machine.rebuilds());
  }

  @Test
  void aCutBelowWhatWasAppliedRebuildsTheMachineFromTheLog() {
    put(1, 1, "a", "1");
    put(1, 2, "a", "lost");
    machine.catchUp(log, 2, null);
    log.truncateAfter(1);
    put(2, 2, "a", "kept");
    machine.catchUp(log, 2, null);
    assertEquals("kept", value("a"));
    assertEquals(1, machine.rebuilds());
  }

  @Test
  void aShrunkServablePrefixIsNotServedFromAhead() {
    put(1, 1, "a", "1");
    put(1, 2, "a", "2");
    machine.catchUp(log, 2, null);
    machine.catchUp(log, 1, null);
    assertEquals("1", value("a"));
    assertEquals(1, machine.applied());
  }

  @Test
  void aRefusedCommandCountsAsAppliedWithNoEffect() {
    log.append(new LogRecord(1, 1, Bytes.of(new byte[] {'?'}), false));
    put(1, 2, "a", "1");
    machine.catchUp(log, 2, null);
    assertEquals("1", value("a"));
    assertEquals(2, machine.applied());
  }

  @Test
  void aLogThatStartsFromASnapshotIsRebuiltFromItAndWaitsUntilItIsServed() {
    put(1, 1, "a", "old");
    put(1, 2, "b", "x");
    machine.catchUp(log, 2, null);
    KvStateMachine source = new KvStateMachine();
    source.apply(1, new KvCommand.Put("a", "from-snapshot"));
    StoreSnapshot s = new StoreSnapshot(5, 2, new java.util.TreeMap<>(java.util.Map.of(1L, 1L, 2L, 3L)),
        source.snapshot());
    log.install(s);
    put(2, 6, "b", "tail");
    machine.catchUp(log, 4, s);
    assertEquals(-1, machine.applied(), "not served until the installed snapshot is");
    machine.catchUp(log, 6, s);
    assertEquals("from-snapshot", value("a"));
    assertEquals("tail", value("b"));
    assertEquals(6, machine.applied());
  }

  private void put(long epoch, long offset, String key, String value) {
    log.append(new LogRecord(epoch, offset, Bytes.of(ReplicatedKv.CODECS.commands().encode(new KvCommand.Put(key, value))),
        false));
  }

  private String value(String key) {
    Bytes answer = machine.query(Bytes.of(ReplicatedKv.CODECS.queries().encode(key)));
    return ((KvResult.Value) ReplicatedKv.CODECS.results().decode(answer.toArray())).value();
  }
}
