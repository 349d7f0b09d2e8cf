package dev.chorus.consensus.raft;

/**
 * Where a proposal went, and what to do now: the entry's index and term, and the effects to carry
 * out. It is committed if an entry of this term is later applied at that index.
 */
public record Proposal(long index, long term, Ready ready) {}
