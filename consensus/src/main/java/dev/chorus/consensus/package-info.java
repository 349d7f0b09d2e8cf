/**
 * Raft groups as a library: start one with {@link dev.chorus.consensus.RaftGroups}, submit
 * commands and read through {@link dev.chorus.consensus.RaftGroup}, watch it with {@link
 * dev.chorus.consensus.RaftMetrics}, change its {@link dev.chorus.consensus.Membership}. The
 * types here are the module's public API; the protocol core ({@code raft}) and the hosting actors
 * ({@code internal}) appear in no public signature.
 */
package dev.chorus.consensus;
