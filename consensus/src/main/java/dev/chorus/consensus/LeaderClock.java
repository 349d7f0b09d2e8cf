package dev.chorus.consensus;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Time as a replicated state machine measures it, from the {@link LeaderTime}s its log carries
 * (thesis §6.3): how long the group has been led, summed over its leaders. Within a term it
 * advances by the differences between that term's leader's monotonic readings; at a new term it
 * does not move, so the gap between the old leader's last entry and the new leader's first is
 * not counted and no two nodes' clocks are ever compared. Every member computes the same time at
 * the same index. A machine that expires state by it (sessions, leases) therefore never expires
 * anything earlier than real time allows, up to the leaders' clock-rate drift.
 *
 * <p>Deterministic; not thread-safe; part of its machine's snapshot ({@link #write}, {@link #read}).
 */
public final class LeaderClock {
  private long now;
  private long term = -1;
  private long termMillis;

  /**
   * Moves time on by {@code at}: whether {@code at} began a new term, which a machine may use to
   * refresh what it times (etcd refreshes every lease when a new leader takes over). An unstamped
   * time, or one of an older term, moves nothing.
   */
  public boolean advance(LeaderTime at) {
    if (!at.stamped()) {
      return false;
    }
    return advance(at.term(), at.millis());
  }

  /**
   * As {@link #advance(LeaderTime)}, for any {@code term}, including 0: a log written before its
   * entries carried leader times has one "term" of wall-clock readings, which only ever follows
   * itself and gives way to the first real term.
   */
  public boolean advance(long term, long millis) {
    if (term < this.term) {
      return false;
    }
    if (term == this.term) {
      now += Math.max(0, millis - termMillis);
      termMillis = Math.max(termMillis, millis);
      return false;
    }
    this.term = term;
    this.termMillis = millis;
    return true;
  }

  /** Milliseconds the group has been led, as its leaders' clocks measured them. */
  public long now() {
    return now;
  }

  /** Writes this clock into a snapshot. */
  public void write(DataOutputStream out) throws IOException {
    out.writeLong(now);
    out.writeLong(term);
    out.writeLong(termMillis);
  }

  /** The clock a snapshot holds ({@link #write}). */
  public static LeaderClock read(DataInputStream in) throws IOException {
    LeaderClock c = new LeaderClock();
    c.now = in.readLong();
    c.term = in.readLong();
    c.termMillis = in.readLong();
    return c;
  }

  /** A clock at {@code now} whose last reading, in the wall-clock "term" 0, was {@code wallMillis}. */
  public static LeaderClock ofWallClock(long now, long wallMillis) {
    LeaderClock c = new LeaderClock();
    c.now = now;
    c.term = 0;
    c.termMillis = wallMillis;
    return c;
  }
}
