package dev.chorus.replication.leaderfollower.protocol;

/** The leader's view of one follower in its epoch. */
final class Follower {
  long acked = -1;
  long lastHeard = Long.MIN_VALUE / 2;
  long snapshotSentAt = Long.MIN_VALUE / 2;
  long sent = -1; // the last offset sent in this epoch: up to it, records are on their way
  long waitingSince; // since when sent records have waited for an acknowledgement that moves acked
}
