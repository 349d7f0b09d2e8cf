/**
 * Leases and leader election on a Raft group: {@link
 * dev.chorus.consensus.election.LeaderElection} grants leases with fencing tokens, {@link
 * dev.chorus.consensus.election.FencedResource} refuses stale tokens.
 *
 * <p>Public API: the leader-follower store takes its leases from here.
 */
package dev.chorus.consensus.election;
