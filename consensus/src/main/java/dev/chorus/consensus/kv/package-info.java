/**
 * {@link dev.chorus.consensus.kv.RaftKv}: the key-value state machine of {@code dev.chorus.core.kv}
 * on one Raft group. Public API.
 */
package dev.chorus.consensus.kv;
