package dev.chorus.replication.leaderfollower.internal;

import dev.chorus.core.Bytes;
import dev.chorus.core.spi.Codecs;
import dev.chorus.core.spi.StateMachine;
import dev.chorus.replication.leaderfollower.protocol.EpochLog;
import dev.chorus.replication.leaderfollower.protocol.LogRecord;
import dev.chorus.replication.leaderfollower.protocol.StoreSnapshot;
import java.util.List;
import java.util.function.Supplier;

/**
 * The user's state machine, kept at exactly the prefix of the log that the replica serves
 * ({@code ReplicaCore.servableOffset()}), so that every read sees the prefix its session token
 * names. A log only grows while its epoch lasts, but a failover may cut records this replica has
 * applied (in ASYNC or downgraded modes) or lower what it serves; then the machine is rebuilt from
 * empty by replaying the log, because a state machine cannot undo a command.
 *
 * <p>A command the machine refuses by throwing (deterministically, as {@link StateMachine} says)
 * counts as applied with no effect, on every replica alike.
 */
final class StoreMachine {
  private final Supplier<? extends StateMachine<Object, Object, Object>> factory;
  private final Codecs<Object, Object, Object> codecs;
  private StateMachine<Object, Object, Object> machine;
  private long applied;
  private long appliedEpoch;
  private long rebuilds;

  @SuppressWarnings("unchecked")
  StoreMachine(Supplier<? extends StateMachine<?, ?, ?>> factory, Codecs<?, ?, ?> codecs) {
    this.factory = (Supplier<? extends StateMachine<Object, Object, Object>>) factory;
    this.codecs = (Codecs<Object, Object, Object>) codecs;
    this.machine = this.factory.get();
  }

  /**
   * Brings the machine to {@code log}'s prefix through {@code servable}: forward as the log grows;
   * rebuilt, from {@code snapshot} when the log starts from one, when the log moved under it.
   * While the prefix to serve ends before the snapshot's offset (a snapshot installed, not yet
   * durable), the machine waits, and reads are refused because it is not at their prefix.
   */
  void catchUp(EpochLog log, long servable, StoreSnapshot snapshot) {
    if (!consistentWith(log, servable)) {
      if (log.baseOffset() > 0 && (snapshot == null || servable < snapshot.offset())) {
        applied = -1;
        return;
      }
      machine = factory.get();
      rebuilds++;
      applied = 0;
      appliedEpoch = 0;
      if (log.baseOffset() > 0) {
        machine.restore(snapshot.state());
        applied = snapshot.offset();
        appliedEpoch = snapshot.epoch();
      }
    }
    while (applied < servable) {
      List<LogRecord> next = log.after(applied, 1024);
      if (next.isEmpty()) {
        return;
      }
      for (LogRecord r : next) {
        if (r.offset() > servable) {
          return;
        }
        apply(r);
      }
    }
  }

  // The log matching property: the same epoch at the same offset means the same prefix.
  private boolean consistentWith(EpochLog log, long servable) {
    if (applied < 0 || applied < log.baseOffset() || applied > servable || applied > log.lastOffset()) {
      return false;
    }
    return applied == 0 || log.epochAt(applied) == appliedEpoch;
  }

  /** The machine's snapshot, at {@link #applied()}. */
  byte[] snapshot() {
    return machine.snapshot();
  }

  private void apply(LogRecord r) {
    if (!r.isEpochStart()) {
      try {
        machine.apply(r.offset(), codecs.commands().decode(((Bytes) r.operation()).toArray()));
      } catch (RuntimeException refused) {
        // Refused deterministically: applied with no effect on every replica (StateMachine's contract).
      }
    }
    applied = r.offset();
    appliedEpoch = r.epoch();
  }

  /** Answers {@code query} (the codec's bytes) from the machine as it is, in the codec's bytes. */
  Bytes query(Bytes query) {
    Object result = machine.query(codecs.queries().decode(query.toArray()));
    return Bytes.of(codecs.results().encode(result));
  }

  long applied() {
    return applied;
  }

  long rebuilds() {
    return rebuilds;
  }
}
