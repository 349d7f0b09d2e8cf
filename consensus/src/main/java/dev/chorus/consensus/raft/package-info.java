/**
 * The pure Raft core (Ongaro's thesis, 2014): {@link dev.chorus.consensus.raft.RaftCore} takes
 * messages and ticks and returns what to persist and send. No threads, no clock, no randomness it
 * was not given, so the simulator can replay any run from its seed.
 *
 * <p>Imported by the hosting actors ({@code internal}) and by tests and the simulator; no public
 * API signature names a type of this package.
 */
package dev.chorus.consensus.raft;
