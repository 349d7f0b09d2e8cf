/**
 * The key-value state machine that every store in Chorus can host (a Raft group's {@code RaftKv},
 * the leader-follower store's {@code ReplicatedKv}): its commands, results, codecs and snapshot
 * format.
 *
 * <p>Public API: the stores and the sample apps import it.
 */
package dev.chorus.core.kv;
