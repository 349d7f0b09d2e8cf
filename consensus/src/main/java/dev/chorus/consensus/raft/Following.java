package dev.chorus.consensus.raft;

import dev.chorus.consensus.raft.RaftMessage.Append;
import dev.chorus.consensus.raft.RaftMessage.AppendResponse;
import java.util.List;

/** The follower side of AppendEntries (§5.3) and InstallSnapshot (§7). */
final class Following {
  private final RaftCore core;
  private final SnapshotReceiver receiver = new SnapshotReceiver();

  Following(RaftCore core) {
    this.core = core;
  }

  /** An AppendEntries or a part of an InstallSnapshot from a leader. */
  void receive(String from, RaftMessage m) {
    if (m instanceof Append a) {
      onAppend(from, a);
    } else {
      onInstallSnapshot(from, (RaftMessage.InstallSnapshot) m);
    }
  }

  private void onAppend(String from, Append a) {
    if (a.term() < core.term()) {
      core.send(from, new AppendResponse(core.term(), false, 0, 0, 0, a.round()));
      return;
    }
    core.becomeFollower(a.term(), from);
    RaftLog log = core.log();
    if (a.prevIndex() < log.baseIndex()) {
      // Entries up to the base are in this node's snapshot, so committed, so the same as the
      // leader's (Log Matching): match from the base instead.
      List<Entry> after = a.entries().stream().filter(e -> e.index() > log.baseIndex()).toList();
      a = new Append(a.term(), log.baseIndex(), log.term(log.baseIndex()), after, a.commit(), a.round());
    }
    long prevTerm = log.term(a.prevIndex());
    if (prevTerm != a.prevTerm()) {
      long conflictTerm = prevTerm < 0 ? 0 : prevTerm;
      long conflictIndex = prevTerm < 0 ? log.lastIndex() + 1 : log.firstIndexOfTerm(prevTerm, a.prevIndex());
      core.send(from, new AppendResponse(core.term(), false, 0, conflictTerm, conflictIndex, a.round()));
      return;
    }
    List<Entry> fresh = log.appendAfter(a.prevIndex(), a.entries());
    if (!fresh.isEmpty()) {
      core.config().written(fresh);
      core.persist(new RaftEvent.Appended(fresh));
    }
    core.advanceCommit(Math.min(a.commit(), a.lastIndex()));
    core.send(from, new AppendResponse(core.term(), true, a.lastIndex(), 0, 0, a.round()));
  }

  private void onInstallSnapshot(String from, RaftMessage.InstallSnapshot m) {
    if (m.term() < core.term()) {
      core.send(from, new RaftMessage.InstallSnapshotResponse(core.term(), m.index(), 0, false));
      return;
    }
    core.becomeFollower(m.term(), from);
    if (m.index() <= core.commitIndex()) {
      // Already has everything the snapshot covers (Figure 13 step 6): nothing to install.
      core.send(from, new RaftMessage.InstallSnapshotResponse(core.term(), m.index(), 0, true));
      return;
    }
    Snapshot complete = receiver.accept(m);
    if (complete == null) {
      core.send(from, new RaftMessage.InstallSnapshotResponse(core.term(), m.index(), receiver.nextOffset(m.index()), false));
      return;
    }
    // Figure 13 steps 6-8: keep the log after the snapshot if it agrees there, else drop it all.
    RaftLog log = core.log();
    core.installed(complete, log.term(complete.index()) == complete.term() ? log.entriesAfter(complete.index()) : List.of());
    core.send(from, new RaftMessage.InstallSnapshotResponse(core.term(), m.index(), complete.data().size(), true));
  }
}
