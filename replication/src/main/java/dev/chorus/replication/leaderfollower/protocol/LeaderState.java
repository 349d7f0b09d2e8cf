package dev.chorus.replication.leaderfollower.protocol;

import dev.chorus.replication.leaderfollower.ReplicaRole;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What only a leader has, for the epoch it leads: its view of each follower, where its epoch
 * starts, the sequence of its messages, and a planned switchover under way.
 */
final class LeaderState implements RoleState {
  /** A planned switchover to {@code target}, given up at {@code deadline} if the target has not caught up. */
  record Handover(String target, long deadline) {}

  private final Map<String, Follower> followers = new TreeMap<>();
  private final long epochStartOffset;
  /** Numbers its messages, so that a follower can tell the newest it heard; a follower compares only one leader's. */
  private long sentSeq;
  private Handover handover;

  LeaderState(List<String> followerIds, long epochStartOffset, Handover handover) {
    followerIds.forEach(id -> followers.put(id, new Follower()));
    this.epochStartOffset = epochStartOffset;
    this.handover = handover;
  }

  @Override
  public ReplicaRole role() {
    return ReplicaRole.LEADER;
  }

  /** The offset of this epoch's start record: nothing is stable or strongly readable before the high watermark passes it. */
  long epochStartOffset() {
    return epochStartOffset;
  }

  @Override
  public Handover handover() {
    return handover;
  }

  void startHandover(Handover h) {
    handover = h;
  }

  void endHandover() {
    handover = null;
  }

  long nextSeq() {
    return ++sentSeq;
  }

  /** Each follower's progress by id, in id order. */
  Map<String, Follower> followers() {
    return Collections.unmodifiableMap(followers);
  }

  /** How many followers were heard from within {@code inSyncTicks} of {@code now}. */
  int inSync(long now, int inSyncTicks) {
    return (int) followers.values().stream().filter(f -> now - f.lastHeard <= inSyncTicks).count();
  }

  /** How many followers hold the record at {@code offset} durably. */
  int copies(long offset) {
    return (int) followers.values().stream().filter(f -> f.acked >= offset).count();
  }
}
