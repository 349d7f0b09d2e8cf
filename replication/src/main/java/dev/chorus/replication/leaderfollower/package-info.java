/**
 * The leader-follower store as a library: start one with {@link
 * dev.chorus.replication.leaderfollower.ReplicatedStore}, choose its {@link
 * dev.chorus.replication.leaderfollower.WriteMode}, read at a {@link
 * dev.chorus.replication.leaderfollower.ReadLevel}. The module's public API; the protocol core
 * ({@code protocol}) and the hosting actors ({@code internal}) appear in no public signature.
 *
 * <p>It depends on the consensus module only for its public lease API ({@code
 * dev.chorus.consensus.election}).
 */
package dev.chorus.replication.leaderfollower;
