package dev.chorus.consensus.raft;

/**
 * A read that may be served now: the state machine has applied at least {@code index}, and the
 * leader confirmed, after the read arrived, that it still led at that commit index (thesis
 * §6.4), or held a lease (§6.4.1). Serving it from the local state machine is linearizable.
 *
 * @param readId the host's id for the read
 * @param index the read index
 */
public record ReadState(long readId, long index) {}
