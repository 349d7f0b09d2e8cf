package dev.chorus.replication.leaderfollower.protocol;

/** Where a read may be served, and how fresh it must be. */
public enum ReadLevel {
  /**
   * The leader, while its lease holds and once its own epoch's start record has the durability
   * the mode requires: every write acknowledged before the read began, as durable as its mode
   * makes it, is seen.
   */
  STRONG,
  /** Any replica, through what it holds durably and knows to be at the high watermark: may be stale. */
  EVENTUAL,
  /**
   * Any replica that holds the session's position (Terry et al. 1994): read-your-writes,
   * monotonic reads, and, with writes that carry the token, monotonic writes and writes follow
   * reads. A replica that is behind refuses, and the client tries another or waits.
   */
  SESSION
}
