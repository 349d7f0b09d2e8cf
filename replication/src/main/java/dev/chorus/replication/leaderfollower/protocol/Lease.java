package dev.chorus.replication.leaderfollower.protocol;

import dev.chorus.replication.leaderfollower.ReplicationSettings;

/**
 * This replica's side of the store's lease, on its own clock: when it asks {@code LeaderElection}
 * for the lease, how long a grant lets it lead, and which answers are too late to count. It
 * outlives every role: a grant may come back after the replica stopped leading, and a replica that
 * has just handed the lease over must not take it back on an answer to an older request.
 */
final class Lease {
  private final ReplicationSettings settings;
  /** A few ticks more per replica, so that replicas that lost their leader together do not all ask at once. */
  private final int stagger;
  private long validUntil;
  private long lastAsked = Long.MIN_VALUE / 2;
  private long releasedAt = Long.MIN_VALUE;
  private long takeOverUntil = Long.MIN_VALUE / 2;
  /** When it last heard from a leader, or stopped leading: the election timeout counts from there. */
  private long quietSince;

  Lease(ReplicationSettings settings, int stagger) {
    this.settings = settings;
    this.stagger = stagger;
  }

  /** Whether a grant for the request made at {@code askedAt} came too late: it was asked before a release. */
  boolean askedBeforeRelease(long askedAt) {
    return askedAt <= releasedAt;
  }

  /** A grant of the request made at {@code askedAt}: the lease holds, on this clock, until a margin before it ends. */
  void granted(long askedAt) {
    validUntil = Math.max(validUntil, askedAt + settings.leaseTicks() - settings.leaseMarginTicks());
  }

  /** Leadership decided by hand: the lease never runs out. */
  void grantedForever() {
    validUntil = Long.MAX_VALUE;
  }

  /** Whether the lease still holds at {@code now}. */
  boolean holds(long now) {
    return now < validUntil;
  }

  /** A grant it must not use: it lets the lease lapse, and asks again once it has. */
  void letLapse(long now) {
    lastAsked = now + settings.leaseTicks();
  }

  /** It gave the lease up at {@code now} (a switchover): grants of earlier requests no longer count. */
  void released(long now) {
    releasedAt = now;
    validUntil = now;
  }

  /** It heard from its leader, or stopped leading, at {@code now}. */
  void quietSince(long now) {
    quietSince = now;
  }

  /** Its leader told it to take over: it asks now, and every few ticks for a while. */
  void takeOver(long now, ReplicaEffects.Builder out) {
    takeOverUntil = now + settings.electionTicks();
    ask(now, out);
  }

  /** While it leads or recovers: asks again once a renewal is due. */
  void renew(long now, ReplicaEffects.Builder out) {
    if (now - lastAsked >= settings.renewTicks()) {
      ask(now, out);
    }
  }

  /** While it follows or waits: asks once no leader has been heard for an election timeout. */
  void askIfLeaderless(long now, ReplicaEffects.Builder out) {
    // The target of a switchover asks again every few ticks for a while: its first ask may
    // reach the lease group before the old leader's release does.
    boolean takingOver = now < takeOverUntil && now - lastAsked >= 2;
    if (takingOver || (now - quietSince >= settings.electionTicks() + stagger
        && now - lastAsked >= settings.electionTicks())) {
      ask(now, out);
    }
  }

  private void ask(long now, ReplicaEffects.Builder out) {
    lastAsked = now;
    out.askLease = now;
  }
}
