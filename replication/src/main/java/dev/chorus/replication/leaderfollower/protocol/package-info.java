/**
 * The pure core of the leader-follower store: {@link
 * dev.chorus.replication.leaderfollower.protocol.ReplicaCore} takes messages, lease outcomes and
 * ticks and returns what to write, send and answer. Deterministic, with no threads and no clock.
 *
 * <p>Imported by the hosting actors ({@code internal}), tests and the simulator.
 */
package dev.chorus.replication.leaderfollower.protocol;
