package dev.chorus.consensus.internal;

import dev.chorus.core.host.LogFormat;
import java.util.List;

/**
 * One Raft member's storage (term, vote, log, snapshot) in its {@link dev.chorus.core.host.LogActor}:
 * the core's durable events as {@link WireEvent}s, folded into a {@link LogState}. A {@link
 * WireEvent.Compacted} replaces the state and is followed by a Pekko snapshot, so that recovery
 * reads the Raft snapshot plus the log tail rather than every event ever written; a snapshot too
 * large for one journal write goes in parts before it ({@link SnapshotParts}).
 */
final class RaftLogFormat implements LogFormat<WireEvent, LogState> {
  static final RaftLogFormat INSTANCE = new RaftLogFormat();

  private RaftLogFormat() {}

  @Override
  public LogState empty() {
    return LogState.EMPTY;
  }

  @Override
  public LogState apply(LogState state, WireEvent event) {
    return state.apply(event);
  }

  @Override
  public boolean snapshotAfter(WireEvent event) {
    return event instanceof WireEvent.Compacted;
  }

  /** The bytes an event carries: its commands and snapshot data, plus a little per entry. */
  @Override
  public long bytes(WireEvent e) {
    if (e instanceof WireEvent.Appended a) {
      return a.entries().stream().mapToLong(x -> 64L + x.command().size()).sum();
    }
    if (e instanceof WireEvent.Compacted c) {
      return 64L + c.snapshot().data().size() + c.tail().stream().mapToLong(x -> 64L + x.command().size()).sum();
    }
    return 64;
  }

  @Override
  public List<List<WireEvent>> journalWrites(List<WireEvent> events, int partBytes) {
    return SnapshotParts.writes(events, partBytes);
  }
}
